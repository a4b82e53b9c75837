/**
 * Helpers for integration tests against the moto server started by moto-global.ts.
 * Every integration test file calls `useMoto()` at top level: it resets moto before the file runs.
 */
import { beforeAll, inject } from 'vitest';
import type { AwsOptions } from '../../src/adapters/aws-config.js';

export const ACCOUNT = '828879644785';

/** The moto server URL for this run. */
export function motoEndpoint(): string {
  return inject('motoEndpoint');
}

/** Wipes all moto state. */
export async function resetMoto(): Promise<void> {
  const res = await fetch(`${motoEndpoint()}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
}

/** Everything moto holds, for proving that a read-only command changed nothing. */
export async function motoDump(): Promise<unknown> {
  const res = await fetch(`${motoEndpoint()}/moto-api/data.json`);
  return res.json();
}

/** AWS options pointing every client at moto, with dummy credentials and no retries. */
export function motoAwsOptions(extra: Partial<AwsOptions> = {}): AwsOptions {
  return {
    endpointUrl: motoEndpoint(),
    defaultRegion: 'eu-west-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
    ...extra,
  };
}

/** Call at the top of every integration test file. */
export function useMoto(): void {
  beforeAll(async () => {
    await resetMoto();
  });
}

/**
 * Dummy credentials for CLI runs in-process: the SDK's default credential chain reads the process
 * environment (the CLI has no credential flags, by design), and a named profile must not interfere.
 */
export function useDummyCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  delete process.env.AWS_PROFILE;
}
