// The CLI round trip against the sandbox: login (system browser + loopback, driven in real Chromium) →
// owners → locks --json / --csv → status → logout, with a real keychain entry shared with the built binary.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliPlace } from '../../test/support/cli-in-process';
import { createLogger } from '../main/log';
import { TEST_STATE_HOME } from '../../test/support/test-session-files';
import { HOSTILE_TEXT } from '../../sandbox/faults/hostile-text';

const root = path.resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const logLines: string[] = [];
const place = useCliPlace({
  owners: 2,
  locks: 5,
  seed: 'cli',
  log: createLogger((l) => logLines.push(l), 'debug'),
});
/** Runs one command in-process; `onStderrLine` sees each stderr line as it is written. */
const cli = (argv: string[], onStderrLine?: (line: string) => void) =>
  place.cli(argv, onStderrLine ? { onStderrLine } : {});

describe('tapkey-locks CLI', () => {
  it('explains usage mistakes in one line with exit code 2, and refuses commands when signed out', async () => {
    const unknown = await cli(['unlock']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe('tapkey-locks: unknown command "unlock"; run tapkey-locks help\n');
    expect((await cli(['owners', '--csv'])).stderr).toBe(
      'tapkey-locks: --csv works with the locks, grants, logs, people and journal commands only\n',
    );
    const bad = await cli(['status', '--issuer', 'http://login.example.com']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^tapkey-locks: Authorization server must use https:\/\/.*\n$/);

    // Tapkey generates client ids, so there is no default: without one the CLI says where to get it.
    const noClient = await cli(['status', '--client-id', '']);
    expect(noClient).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'tapkey-locks: Client ID is required: copy it from your OAuth client in the Tapkey portal.\n',
    });

    const owners = await cli(['owners', '--json']);
    expect(owners.code).toBe(1);
    expect(owners.stdout).toBe('');
    expect(owners.stderr).toBe(
      `tapkey-locks: Not signed in to ${place.sandbox.issuer}: run \`tapkey-locks login\` first.\n`,
    );
    expect((await cli(['status'])).code).toBe(1);
  });

  it('login --no-browser prints only the authorization URL on stderr and completes when the browser returns', async () => {
    const alice = place.sandbox.users[0]!;
    let signInPage: Promise<void> | null = null;
    const login = await cli(['login', '--no-browser'], (line) => {
      expect(line).toMatch(new RegExp(`^${place.sandbox.issuer}/connect/authorize\\?`));
      signInPage = (async () => {
        const page = await place.browser.newPage();
        await page.goto(line);
        await page.getByLabel('Username').fill(alice.username);
        await page.getByLabel('Password').fill(alice.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('button', { name: 'Allow' }).click();
        // The loopback listener answers the browser, telling the user to go back to the terminal or app.
        await page.waitForURL((u) => u.toString().startsWith(place.redirectUri));
        await expect.poll(() => page.textContent('body')).toMatch(/return|close/i);
        await page.close();
      })();
    });
    await signInPage;
    expect(login.stderr.trim().split('\n')).toHaveLength(1);
    expect(login).toMatchObject({ code: 0, stdout: `Signed in to ${place.sandbox.issuer}.\n` });
  });

  it('lists owners and every lock as the sandbox seeded them, as JSON and as CSV', async () => {
    const alice = place.sandbox.users[0]!;
    const owners = await cli(['owners', '--json']);
    expect(owners.code).toBe(0);
    expect(JSON.parse(owners.stdout).accounts).toEqual(
      place.sandbox.data
        .ownerAccounts(alice.username)
        .map(({ id, name, active }) => ({ id, name, active })),
    );

    const locks = await cli(['locks', '--json']);
    expect(locks.code).toBe(0);
    const doc = JSON.parse(locks.stdout) as {
      locks: Array<{ id: string; ownerAccountId: string; title: string }>;
      failed: unknown[];
    };
    expect(doc.failed).toEqual([]);
    const expected = alice.ownerAccountIds.flatMap((o) =>
      place.sandbox.data.boundLocks(o).map((l) => `${o}/${l.id}/${l.title}`),
    );
    expect(doc.locks.map((l) => `${l.ownerAccountId}/${l.id}/${l.title}`).sort()).toEqual(
      expected.sort(),
    );

    const one = await cli(['locks', '--owner', alice.ownerAccountIds[1]!, '--json']);
    expect(JSON.parse(one.stdout).locks).toHaveLength(5);

    const csv = await cli(['locks', '--csv']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"ownerAccountId","ownerAccountName","id","title","description","active","lockType","lockTypeId","physicalLockId","readableLockId","bindDate"',
    );
    expect(lines).toHaveLength(1 + expected.length);
  });

  it('text output shows the controls in a hostile lock title or account name as escapes; JSON keeps them exactly', async () => {
    const remove = place.sandbox.faults.add({ target: 'api', kind: 'hostile-text' });
    try {
      const shown = (s: string) => s.split('\n').find((l) => l.includes('Front door')) ?? '';
      const escaped =
        'Front door\\x1b]8;;https://attacker.example/\\x07click\\x1b]8;;\\x07\\x1b[2J\\x1b]0;pwned\\x07\\x0dSafe\\u202eexe.txt\\x00\\tFAKE\\nforged row';
      const locks = await cli(['locks']);
      expect(locks.code).toBe(0);
      // The title comes after the account name (which is the hostile text too): both shown as escapes.
      expect(shown(locks.stdout).split('\t').slice(0, 2)).toEqual([escaped, escaped]);
      // Nothing a terminal would act on reaches it: no ESC, BEL, CR, NUL or override, and no forged row.
      // eslint-disable-next-line no-control-regex -- the characters that must never reach a terminal
      expect(locks.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      expect(locks.stdout).not.toMatch(/^forged row/m);
      expect(shown((await cli(['owners'])).stdout).split('\t')[1]).toBe(escaped);
      // JSON is data: exact, with JSON's own escapes.
      const json = await cli(['locks', '--json']);
      expect(
        (JSON.parse(json.stdout) as { locks: Array<{ title: string }> }).locks.map((l) => l.title),
      ).toContain(HOSTILE_TEXT);
    } finally {
      remove();
    }
  });

  it('reports a failing account on stderr with a non-zero exit, and still prints the rest', async () => {
    const failing = place.sandbox.users[0]!.ownerAccountIds[0]!;
    const remove = place.sandbox.faults.add({
      target: 'api',
      pathPattern: `${failing}/BoundLocks`,
      kind: 'status',
      status: 403,
    });
    try {
      const r = await cli(['locks', '--json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).locks).toHaveLength(5);
      // A 403 without insufficient_scope is the user's role or the object, not a missing scope.
      expect(r.stderr).toBe(
        'tapkey-locks: locks of 1 owner account(s) could not be loaded: Tapkey does not let you read the locks of this owner account: your role in this owner account does not allow it, or the item does not.\n',
      );
    } finally {
      remove();
    }
  });

  it('the built binary shares the keychain entry: it reports the sign-in the in-process login stored', async () => {
    const bin = path.join(root, 'dist/cli/index.js');
    expect(existsSync(bin), 'run `npm run build` first (npm test does)').toBe(true);
    // Asynchronously: the sandbox answering the binary's refresh lives in this very process.
    const r = await run(process.execPath, [bin, 'status', '--json'], {
      env: {
        ...process.env,
        ...place.env,
        TAPKEY_LOCKS_KEYCHAIN_SERVICE: place.service,
        XDG_STATE_HOME: TEST_STATE_HOME,
      },
      timeout: 30_000,
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ signedIn: true, issuer: place.sandbox.issuer });
  });

  it('logout revokes at the server and forgets the sign-in', async () => {
    const before = place.sandbox.stats.revocations();
    expect(await cli(['logout'])).toMatchObject({ code: 0, stdout: 'Signed out.\n' });
    expect(place.sandbox.stats.revocations()).toBeGreaterThan(before);
    expect((await cli(['status', '--json'])).code).toBe(1);
  });

  it('never writes a token, code or verifier to its output or log', () => {
    const all = logLines.join('\n');
    expect(all).not.toMatch(/"(access_token|refresh_token|code_verifier)":"[^[]/);
    expect(all).not.toMatch(/Bearer [A-Za-z0-9]/);
  });
});
