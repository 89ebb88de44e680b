// The authorization server at its slowest and largest, against real built `tapkey-locks` processes: a token
// answer that takes 25 s (longer than the old 20 s limit, so the refresh was abandoned after the server had
// rotated the token), and answers of 300 MB or without end, whose memory cost is measured in the process.
import { describe, expect, it } from 'vitest';
import { useCliSignIns } from '../../test/support/cli-sign-in';
import { RENEWAL_INTERRUPTED } from '../main/messages';

const { sandbox, staleSignIn, refreshes, signInSurvived } = useCliSignIns({
  owners: 2,
  locks: 1,
  seed: 'slow-token',
});

describe('a slow token endpoint', () => {
  it('an answer that takes 25 s: both commands waiting for it succeed, with one token request', async () => {
    const { keychain, cli } = await staleSignIn();
    sandbox.faults.add({ target: 'token', kind: 'handle-then-delay', delayMs: 25_000, times: 1 });
    const [a, b] = await Promise.all([
      cli(['owners', '--json']).done,
      cli(['owners', '--json']).done,
    ]);
    expect(a).toMatchObject({ code: 0, stderr: '' });
    expect(b).toMatchObject({ code: 0, stderr: '' });
    expect(refreshes()).toBe(1);
    expect(await signInSurvived(keychain)).toBe(true);
  }, 90_000);
});

describe('a huge or endless answer from the authorization server', () => {
  it('a 300 MB token answer costs the command at most 1 MB of it: it stops with a clear error, under 200 MB of memory', async () => {
    const { cli } = await staleSignIn();
    sandbox.faults.add({ target: 'token', kind: 'huge-body', times: 1 });
    const run = cli(['owners', '--json'], { measure: true });
    const r = await run.done;
    expect(r.code).toBe(1);
    // A 200 the app cannot read may carry a rotated token: the sign-in ends, saying so, rather than guess.
    expect(r.stderr).toContain(`tapkey-locks: ${RENEWAL_INTERRUPTED}\n`);
    expect(run.maxRssMb()).toBeLessThan(200);
  }, 60_000);

  it('an endless discovery document is cut off after 1 MB: a clear error, nothing sent, under 200 MB of memory', async () => {
    const { cli } = await staleSignIn();
    sandbox.faults.add({ target: 'discovery', kind: 'endless-body' });
    const run = cli(['owners', '--json'], { measure: true });
    const r = await run.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sent no usable configuration (larger than 1 MB)');
    expect(refreshes()).toBe(0);
    expect(run.maxRssMb()).toBeLessThan(200);
  }, 60_000);
});
