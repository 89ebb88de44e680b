// A refresh that the server has already processed, while the command that sent it is interrupted, killed or
// stopped: real built `tapkey-locks` processes (Ctrl+C, SIGKILL, SIGSTOP) against the sandbox, which rotates
// refresh tokens and revokes the whole grant when a rotated one is redeemed again, and the real keychain. The
// sandbox counts every refresh it receives, so a second redemption cannot hide.
import { describe, expect, it } from 'vitest';
import { useCliSignIns } from '../../test/support/cli-sign-in';
import { readStoredSession } from '../../test/support/stored-sign-in';
import { RENEWAL_INTERRUPTED } from '../main/messages';

const { sandbox, staleSignIn, refreshes, signInSurvived } = useCliSignIns({
  owners: 2,
  locks: 1,
  seed: 'interrupted',
});

/** Resolves once the sandbox has handled (and so rotated) `n` refreshes in all. */
const rotated = (n = 1) => expect.poll(refreshes, { interval: 20, timeout: 20_000 }).toBe(n);

/** A stale sign-in whose `owners --json` is running: the server has rotated its token, the answer `delayMs` away. */
async function refreshOnItsWay(delayMs: number) {
  const signIn = await staleSignIn();
  sandbox.faults.add({ target: 'token', kind: 'handle-then-delay', delayMs, times: 1 });
  const run = signIn.cli(['owners', '--json']);
  await rotated();
  return { ...signIn, run };
}
const owners = (stdout: string) =>
  (JSON.parse(stdout) as { accounts: Array<{ id: string }> }).accounts.map((a) => a.id);

describe('a refresh the server has already rotated', () => {
  it('Ctrl+C while its answer is on the way: the command waits for it to be saved, and the sign-in survives', async () => {
    const { keychain, stored, cli, run } = await refreshOnItsWay(1_500);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/waiting for the renewal of your sign-in to be saved/);
    const after = (await readStoredSession(keychain))!;
    expect(after.refreshToken).not.toBe(stored.refreshToken);
    expect(await sandbox.isRefreshTokenActive(after.refreshToken)).toBe(true);
    // The next command uses what the interrupted one saved: no token request of its own.
    const next = await cli(['owners', '--json']).done;
    expect(next).toMatchObject({ code: 0, stderr: '' });
    expect(owners(next.stdout)).toEqual(sandbox.users[0]!.ownerAccountIds);
    expect(refreshes()).toBe(1);
  }, 60_000);

  it('SIGKILL while its answer is on the way: the next command says what happened and never redeems the token again', async () => {
    const { keychain, stored, cli, run } = await refreshOnItsWay(5_000);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    // The keychain still holds the token the server has consumed (nothing is discarded)…
    expect((await readStoredSession(keychain))!.refreshToken).toBe(stored.refreshToken);
    // …and no command sends it again: each says why, exactly.
    const next = await cli(['owners', '--json']).done;
    expect(next).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: `tapkey-locks: ${RENEWAL_INTERRUPTED}\n`,
    });
    const status = await cli(['status', '--json']).done;
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ signedIn: false, status: 'expired' });
    expect(status.stderr).toBe(`tapkey-locks: ${RENEWAL_INTERRUPTED}\n`);
    expect(refreshes()).toBe(1);
  }, 60_000);

  it('a holder stopped for 22 s during its refresh keeps the lock: the other command waits, and nothing is redeemed twice', async () => {
    const { keychain, cli, run: holder } = await refreshOnItsWay(300);
    // A suspended laptop, a long GC or swap pause: the holder stops with the rotated answer still on its way.
    holder.child.kill('SIGSTOP');
    const other = cli(['owners', '--json']);
    await new Promise((resolve) => setTimeout(resolve, 22_000));
    expect(refreshes()).toBe(1);
    holder.child.kill('SIGCONT');
    const [h, o] = await Promise.all([holder.done, other.done]);
    expect(h).toMatchObject({ code: 0, stderr: '' });
    expect(o).toMatchObject({ code: 0, stderr: '' });
    expect(refreshes()).toBe(1);
    expect(await signInSurvived(keychain)).toBe(true);
  }, 90_000);
});
