/**
 * The strict emulator's test-only endpoints (test/emulator/strict_moto/ext_api.py): the delays are
 * read and changed as JSON, the clock moves on without sleeping, bad requests answer 400 with the
 * reason, and `POST /moto-api/reset` puts delays and clock back to their start values (so one test
 * file's settings never leak into the next).
 */
import { describe, expect, it } from 'vitest';
import {
  advanceEmulatorClock,
  motoEndpoint,
  resetMoto,
  setEmulatorConfig,
  useMoto,
} from '../support/moto.js';

useMoto();

const api = (path: string, body?: unknown) =>
  fetch(`${motoEndpoint()}/moto-api/ext/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/**
 * The harness's start values (test/support/moto-global.ts HARNESS_DELAYS: AWS-like eventual
 * consistency scaled down, and the emulator's job defaults).
 */
const START = {
  iamPropagationSeconds: 2,
  s3VersioningPropagationSeconds: 2,
  backupJobSeconds: 1,
  restoreJobSeconds: 1,
  rdsOutageSeconds: 2,
  s3ArchiveRestoreSeconds: 0,
  snsUnconfirmedDeletionSeconds: 0,
};

describe('emulator config and clock', () => {
  it('GIVEN a fresh emulator WHEN the config is read THEN the harness start values (AWS-like propagation delays, scaled down)', async () => {
    expect(await (await api('config')).json()).toEqual(START);
  });

  it('GIVEN a change WHEN posted THEN only that delay changes and all are answered', async () => {
    expect(await setEmulatorConfig({ iamPropagationSeconds: 12.5 })).toEqual({
      ...START,
      iamPropagationSeconds: 12.5,
    });
  });

  it('GIVEN an unknown setting or a negative delay WHEN posted THEN 400 naming the problem', async () => {
    const unknown = await api('config', { iamDelay: 3 });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(
      /^unknown setting 'iamDelay'; known: /,
    );
    const negative = await api('config', { restoreJobSeconds: -1 });
    expect(negative.status).toBe(400);
    expect(await negative.json()).toEqual({ error: 'restoreJobSeconds must be a number of seconds >= 0' });
  });

  it('GIVEN the clock WHEN moved on 3600 s THEN the emulator time is an hour later than before', async () => {
    const before = new Date(((await (await api('clock')).json()) as { now: string }).now);
    const after = await advanceEmulatorClock(3600);
    expect(after.getTime() - before.getTime()).toBeGreaterThanOrEqual(3_600_000);
    expect(after.getTime() - before.getTime()).toBeLessThan(3_660_000);
  });

  it('GIVEN changed delays and a moved clock WHEN moto is reset THEN both are back to their start values', async () => {
    await setEmulatorConfig({ rdsOutageSeconds: 30 });
    const moved = await advanceEmulatorClock(86_400);
    await resetMoto();
    expect(await (await api('config')).json()).toEqual(START);
    const now = new Date(((await (await api('clock')).json()) as { now: string }).now);
    expect(now.getTime()).toBeLessThan(moved.getTime() - 86_000_000);
  });

  it('GIVEN an unknown endpoint WHEN called THEN 404 listing the known ones', async () => {
    const res = await api('nothing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { routes: string[] }).routes).toContain('/moto-api/ext/config');
  });
});
