/**
 * Headless Chromium for the HTML report test. Like the moto setup, a machine without it gets it
 * installed (Debian's `chromium`, as root with apt-get), or the test fails saying how to install it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where the tests look for Chromium (CHROMIUM_PATH overrides). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Returns the Chromium executable, installing Debian's package first when it is missing. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && !process.env.CHROMIUM_PATH) {
    try {
      execFileSync('apt-get', ['update'], { stdio: 'ignore' });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'ignore' });
    } catch {
      // fall through to the message below
    }
    if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  }
  throw new Error(
    `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
  );
}
