// tapkey-locks against Tapkey as documented (the sheet's sandbox: undocumented scopes refused, log pages capped
// at 500, contacts without the deprecated e-mail, locks without `active`): login --access, grants and logs whole
// under silent caps of 1, 100 and 500, an Access Manager's role 403, and a refused date filter with the export
// still exact. Each expected result is computed from the sandbox's data module alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliPlace, useChromium, type CliPlace } from '../../test/support/cli-in-process';
import { readCsv } from '../../test/support/read-csv';
import { SHEET_BEHAVIOUR, type Sandbox, type SandboxOptions } from '../../sandbox/index';

const browser = useChromium();
/** A sandbox with its own keychain entry, and the CLI pointed at it. */
const place = (options: SandboxOptions) => startCliPlace(browser(), options);

/** A contact's title, else its identifier; a card's title, else its label; blank is none. */
function labelIn(sandbox: Sandbox, owner: string) {
  const contacts = new Map(sandbox.data.contacts(owner).map((c) => [c.id, c]));
  const cards = new Map(sandbox.data.boundCards(owner).map((c) => [c.id, c]));
  return (h: { contactId: string | null; boundCardId: string | null }) => {
    if (h.contactId) {
      const c = contacts.get(h.contactId)!;
      return c.title || c.identifier || null;
    }
    if (h.boundCardId) {
      const c = cards.get(h.boundCardId)!;
      return c.title || c.label || null;
    }
    return null;
  };
}

describe('tapkey-locks login --access against a server that refuses undocumented scopes', () => {
  it('asks only for documented scopes, so the sign-in and the access commands work', async () => {
    const p = await place({ ...SHEET_BEHAVIOUR, owners: 1, locks: 2, grants: 3, logEntries: 20 });
    try {
      const r = await p.login(['--access']);
      expect(r.stderr).not.toMatch(/invalid_scope|refused/);
      expect(r.code).toBe(0);
      const owner = p.sandbox.users[0]!.ownerAccountIds[0]!;
      expect((await p.cli(['grants', '--owner', owner])).code).toBe(0);
      expect((await p.cli(['logs', '--owner', owner])).code).toBe(0);
    } finally {
      await p.close();
    }
  });
});

describe.each([1, 100, 500])(
  'under a silent cap of %i items a page, with the deprecated e-mail dropped',
  (cap) => {
    let p: CliPlace;
    let owner: string;
    beforeAll(async () => {
      p = await place({
        ...SHEET_BEHAVIOUR,
        contactEmail: false,
        pageCap: cap,
        owners: 1,
        locks: 2,
        grants: cap === 1 ? 6 : 260,
        logEntries: cap === 1 ? 60 : 1300,
        seed: `cli-caps-${cap}`,
      });
      owner = p.sandbox.users[0]!.ownerAccountIds[0]!;
      expect((await p.login(['--access'])).code).toBe(0);
    });
    afterAll(() => p.close());

    it('grants --json lists every grant of the account, each named by title or identifier', async () => {
      const r = await p.cli(['grants', '--owner', owner, '--json']);
      expect(r.stderr).toBe('');
      const doc = JSON.parse(r.stdout) as { grants: Array<Record<string, unknown>> };
      const seeded = p.sandbox.data.grants(owner);
      expect(seeded.length).toBeGreaterThan(cap);
      const label = labelIn(p.sandbox, owner);
      expect(doc.grants.map((g) => [g.id, g.who])).toEqual(seeded.map((g) => [g.id, label(g)]));
    });

    it('logs --json streams every entry of a lock and says complete', async () => {
      const lock = p.sandbox.data.boundLocks(owner)[0]!.id;
      const r = await p.cli(['logs', '--owner', owner, '--lock', lock, '--json']);
      expect(r.stderr).toBe('');
      const doc = JSON.parse(r.stdout) as {
        entries: Array<Record<string, unknown>>;
        complete: boolean;
      };
      const seeded = p.sandbox.data.logEntries(owner, lock);
      expect(seeded.length).toBeGreaterThan(cap);
      expect(doc.complete).toBe(true);
      const label = labelIn(p.sandbox, owner);
      expect(doc.entries.map((e) => [e.id, e.who])).toEqual(seeded.map((e) => [e.id, label(e)]));
    });
  },
);

describe('roles and refusals', () => {
  it('an Access Manager’s logs: a role 403 with its own message, not the portal’s', async () => {
    const p = await place({ ...SHEET_BEHAVIOUR, owners: 1, locks: 2, grants: 2, logEntries: 10 });
    try {
      expect((await p.login(['--access'], 'carol')).code).toBe(0);
      const owner = p.sandbox.users.find((u) => u.username === 'carol')!.ownerAccountIds[0]!;
      const r = await p.cli(['logs', '--owner', owner]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'tapkey-locks: Your role in this owner account does not let you see its activity: Access Managers cannot see activity in Tapkey. An owner or administrator of the account can.\n',
      );
      expect(r.stderr).not.toMatch(/portal|login --access/);
      // Grants they may read.
      expect((await p.cli(['grants', '--owner', owner])).code).toBe(0);
    } finally {
      await p.close();
    }
  });

  it('a server refusing the date filter: logs --csv --since --until is still exactly the range', async () => {
    const p = await place({
      ...SHEET_BEHAVIOUR,
      lockTimestampFilter: 'refuse',
      owners: 1,
      locks: 2,
      grants: 2,
      logEntries: 3000,
      seed: 'cli-refused-filter',
    });
    try {
      expect((await p.login(['--access'])).code).toBe(0);
      const owner = p.sandbox.users[0]!.ownerAccountIds[0]!;
      const lock = p.sandbox.data.boundLocks(owner)[1]!.id;
      const since = '2025-05-01T00:00:00Z';
      const until = '2025-11-01T00:00:00Z';
      const inRange = (e: { lockTimestamp: string }) =>
        Date.parse(e.lockTimestamp) >= Date.parse(since) &&
        Date.parse(e.lockTimestamp) < Date.parse(until);
      const expected = p.sandbox.data.logEntries(owner, lock).filter(inRange);
      expect(expected.length).toBeGreaterThan(500);
      p.sandbox.stats.reset();
      const r = await p.cli([
        'logs',
        '--owner',
        owner,
        '--lock',
        lock,
        '--since',
        since,
        '--until',
        until,
        '--csv',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const [, ...rows] = readCsv(r.stdout);
      expect(rows.map((row) => row[9])).toEqual(expected.map((e) => e.id));
      // The filter was asked for once, refused, and never again; reading stopped at the range's start. (The
      // first page's twin carries the filter too: refused beside it, or cancelled before it arrived.)
      expect(
        p.sandbox.stats.apiRequests(/LogEntries\?\$top=500&\$filter=.*lockTimestamp%20(ge|lt)/),
      ).toBe(1);
      expect(
        p.sandbox.stats.apiRequests(/LogEntries\?.*lockTimestamp%20(ge|lt).*\$select=id$/),
      ).toBeLessThanOrEqual(1);
      const all = p.sandbox.data.logEntries(owner, lock);
      const pagesToStart = Math.ceil(
        (all.findIndex((e) => !inRange(e) && Date.parse(e.lockTimestamp) < Date.parse(since)) + 1) /
          500,
      );
      // The refused page, the pages up to the start, at most 4 read ahead, and the twins of both first pages.
      expect(p.sandbox.stats.apiRequests(/LogEntries\?/)).toBeLessThanOrEqual(
        1 + pagesToStart + 4 + 2,
      );
      // The account-wide log too, narrowed to one person.
      const person = p.sandbox.data
        .accountLogEntries(owner)
        .find((e) => e.contactId && inRange(e))!;
      const theirs = p.sandbox.data
        .accountLogEntries(owner)
        .filter((e) => e.contactId === person.contactId && inRange(e));
      const mine = await p.cli([
        'logs',
        '--owner',
        owner,
        '--contact',
        person.contactId!,
        '--since',
        since,
        '--until',
        until,
        '--csv',
      ]);
      const [, ...personRows] = readCsv(mine.stdout);
      expect(personRows.map((row) => row[9])).toEqual(theirs.map((e) => e.id));
    } finally {
      await p.close();
    }
  });
});
