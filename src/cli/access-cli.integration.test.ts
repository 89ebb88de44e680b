// The access round trip against the sandbox: login (no access) → grants refused with the scope named →
// logout → login --access → grants → logs --since/--until → CSV, each checked against the sandbox's seeded
// data with an independent CSV reader and the expected rows computed from the sandbox's data module alone.
import { describe, expect, it } from 'vitest';
import { useCliPlace, type CliCallOptions } from '../../test/support/cli-in-process';
import { readCsv } from '../../test/support/read-csv';

const place = useCliPlace({
  owners: 1,
  locks: 3,
  grants: 12,
  logEntries: 2500,
  seed: 'access-cli',
});
const cli = (argv: string[], options?: CliCallOptions) => place.cli(argv, options);
const login = (extra: string[] = []) => place.login(extra);

/** What a spreadsheet-safe cell must hold: formula-looking text gets a leading apostrophe. */
const safe = (v: string | number | boolean | null) =>
  v === null ? '' : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);

const owner = () => place.sandbox.users[0]!.ownerAccountIds[0]!;
const lock = () => place.sandbox.data.boundLocks(owner())[1]!.id;
/** A contact's title, else its identifier (never the deprecated e-mail); a card's title, else its label. */
const labelOf = (h: { contactId: string | null; boundCardId: string | null }) => {
  if (h.contactId) {
    const c = place.sandbox.data.contacts(owner()).find((x) => x.id === h.contactId)!;
    return c.title || c.identifier || null;
  }
  if (h.boundCardId) {
    const c = place.sandbox.data.boundCards(owner()).find((x) => x.id === h.boundCardId)!;
    return c.title || c.label || null;
  }
  return null;
};
/** A contact's identifier, a card's label; blank is none. */
const identifierOf = (h: { contactId: string | null; boundCardId: string | null }) =>
  (h.contactId
    ? place.sandbox.data.contacts(owner()).find((x) => x.id === h.contactId)!.identifier
    : h.boundCardId
      ? place.sandbox.data.boundCards(owner()).find((x) => x.id === h.boundCardId)!.label
      : null) || null;
const lockTitleOf = (id: string) =>
  place.sandbox.data.boundLocks(owner()).find((l) => l.id === id)?.title ?? null;

describe('tapkey-locks grants and logs', () => {
  it('checks its flags before doing anything', async () => {
    expect((await cli(['logs', '--lock', 'x'])).stderr).toBe(
      'tapkey-locks: logs needs --owner ID (see tapkey-locks owners)\n',
    );
    expect((await cli(['grants', '--owner', 'x', '--contact', 'a@b.c'])).stderr).toBe(
      'tapkey-locks: --contact works with the logs, grant and offboard commands only\n',
    );
    expect((await cli(['grants'])).stderr).toBe(
      'tapkey-locks: grants needs --owner ID (see tapkey-locks owners)\n',
    );
    const badDate = await cli(['logs', '--owner', 'x', '--lock', 'y', '--since', 'last week']);
    expect(badDate).toMatchObject({ code: 2, stdout: '' });
    expect(badDate.stderr).toMatch(/^tapkey-locks: --since needs an ISO date/);
    expect((await cli(['owners', '--access'])).stderr).toBe(
      'tapkey-locks: --access works with the login command only\n',
    );
  });

  it('without --access, grants fails naming read:grants and the way to add it', async () => {
    expect((await login()).code).toBe(0);
    const r = await cli(['grants', '--owner', owner(), '--lock', lock()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /lacks read:grants.*Tapkey portal, allow Grants \(read-only\).*tapkey-locks login --access\.\n$/,
    );
    expect((await cli(['login', '--access'])).stderr).toMatch(
      /run `tapkey-locks logout`, then `tapkey-locks login --access`/,
    );
    expect((await cli(['logout'])).code).toBe(0);
  });

  it('login --access, then grants --json lists the lock’s grants by title and identifier, and the account’s group grants apart', async () => {
    expect((await login(['--access'])).code).toBe(0);
    const r = await cli(['grants', '--owner', owner(), '--lock', lock(), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      grants: Array<Record<string, unknown>>;
      groupGrants: Array<Record<string, unknown>>;
    };
    const groups = new Map(place.sandbox.data.lockGroups(owner()).map((g) => [g.id, g.title]));
    const viaGroups = place.sandbox.data.grants(owner()).filter((g) => groups.has(g.boundLockId));
    expect(viaGroups.length).toBeGreaterThan(0);
    expect(doc.groupGrants.map((g) => [g.id, g.target, g.targetTitle, g.who])).toEqual(
      viaGroups.map((g) => [g.id, 'group', groups.get(g.boundLockId), labelOf(g)]),
    );
    const expected = place.sandbox.data.grants(owner()).filter((g) => g.boundLockId === lock());
    expect(
      doc.grants.map((g) => [
        g.id,
        g.who,
        g.whoIdentifier,
        g.validFrom,
        g.validBefore,
        g.timeRestrictionIcal,
        g.state,
      ]),
    ).toEqual(
      expected.map((g) => [
        g.id,
        labelOf(g),
        identifierOf(g),
        g.validFrom,
        g.validBefore,
        g.timeRestrictionIcal,
        g.state,
      ]),
    );
  });

  it('logs --since --until --csv streams exactly the seeded entries in the range, newest first, formulas neutralised', async () => {
    const since = '2025-03-01T00:00:00Z';
    const until = '2026-03-01T00:00:00Z';
    const chunks: string[] = [];
    const r = await cli(
      ['logs', '--owner', owner(), '--lock', lock(), '--since', since, '--until', until, '--csv'],
      { onStdout: (s) => chunks.push(s) },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const expected = place.sandbox.data
      .logEntries(owner(), lock())
      .filter(
        (e) =>
          Date.parse(e.lockTimestamp) >= Date.parse(since) &&
          Date.parse(e.lockTimestamp) < Date.parse(until),
      );
    expect(expected.length).toBeGreaterThan(1000);
    const [header, ...rows] = readCsv(r.stdout);
    // The columns are a public interface, spelled out here rather than taken from the code that writes them.
    expect(header?.join()).toBe(
      'lockTimestamp,receivedAt,who,whoKind,contactId,boundCardId,logType,command,entryNo,id,boundLockId,lockTitle,whoIdentifier',
    );
    expect(rows).toEqual(
      expected.map((e) =>
        [
          e.lockTimestamp,
          e.receivedAt,
          labelOf(e),
          e.contactId ? 'contact' : e.boundCardId ? 'card' : 'none',
          e.contactId,
          e.boundCardId,
          e.logType,
          e.command,
          e.entryNo,
          e.id,
          e.boundLockId,
          lockTitleOf(e.boundLockId),
          identifierOf(e),
        ].map(safe),
      ),
    );
    // The seed has cards titled like formulas; at least one appears, neutralised.
    expect(rows.some((row) => row[2]!.startsWith("'=") || row[2]!.startsWith("'@"))).toBe(true);
    // Rows arrive page by page (500 a page), not as one string at the end.
    expect(chunks.length).toBeGreaterThan(2);
  });

  it('logs --json prints one document whose entries carry the resolved who', async () => {
    const until = '2025-01-01T00:00:00Z';
    const r = await cli(['logs', '--owner', owner(), '--lock', lock(), '--until', until, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      entries: Array<Record<string, unknown>>;
      complete: boolean;
    };
    const expected = place.sandbox.data
      .logEntries(owner(), lock())
      .filter((e) => Date.parse(e.lockTimestamp) < Date.parse(until));
    expect(doc.complete).toBe(true);
    expect(doc.entries.map((e) => [e.id, e.who, e.lockTimestamp])).toEqual(
      expected.map((e) => [e.id, labelOf(e), e.lockTimestamp]),
    );
  });

  it('logs without --lock reads the whole account; --contact by identifier answers "where did this person go?"', async () => {
    const all = await cli(['logs', '--owner', owner(), '--json']);
    expect(all.code).toBe(0);
    const doc = JSON.parse(all.stdout) as {
      entries: Array<Record<string, unknown>>;
      complete: boolean;
    };
    expect(doc.complete).toBe(true);
    const account = place.sandbox.data.accountLogEntries(owner());
    expect(doc.entries.map((e) => [e.id, e.boundLockId, e.lockTitle])).toEqual(
      account.map((e) => [e.id, e.boundLockId, lockTitleOf(e.boundLockId)]),
    );
    // The person with the most entries, named by identifier in another case than stored.
    const counts = new Map<string, number>();
    for (const e of account)
      if (e.contactId) counts.set(e.contactId, (counts.get(e.contactId) ?? 0) + 1);
    const [personId] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const person = place.sandbox.data.contacts(owner()).find((c) => c.id === personId)!;
    const r = await cli([
      'logs',
      '--owner',
      owner(),
      '--contact',
      person.identifier!.toUpperCase(),
      '--csv',
    ]);
    expect(r.stderr).toBe('');
    const [, ...rows] = readCsv(r.stdout);
    const theirs = account.filter((e) => e.contactId === personId);
    expect(theirs.length).toBeGreaterThan(1);
    expect(rows.map((row) => [row[9], row[4], row[11]])).toEqual(
      theirs.map((e) => [e.id, personId, safe(lockTitleOf(e.boundLockId))]),
    );
    const nobody = await cli(['logs', '--owner', owner(), '--contact', 'nobody@example.org']);
    expect(nobody).toMatchObject({ code: 1, stdout: '' });
    expect(nobody.stderr).toBe(
      'tapkey-locks: Nobody in this owner account has the id or identifier "nobody@example.org".\n',
    );
  });

  it('an id that is a path (../.., %2e%2e, /, \\) is refused before anything is sent', async () => {
    const before = place.sandbox.stats.apiRequests();
    for (const argv of [
      ['grants', '--owner', '../..'],
      ['grants', '--owner', owner(), '--lock', '../..'],
      ['grants', '--owner', '/', '--json'],
      ['logs', '--owner', owner(), '--lock', '%2e%2e', '--csv'],
      ['logs', '--owner', '\\', '--lock', lock()],
    ]) {
      const r = await cli(argv);
      expect({ argv, code: r.code, stderr: r.stderr }).toEqual({
        argv,
        code: 1,
        stderr:
          'tapkey-locks: That is not a Tapkey id (letters, digits and . _ ~ - only; not "." or "..").\n',
      });
    }
    expect(place.sandbox.stats.apiRequests()).toBe(before);
  });
});
