// The managing-access round trip of the command line against the sandbox: login --manage (real Chromium on the
// sandbox's pages) → grant --dry-run → grant → people → offboard --dry-run → offboard --yes → journal --json, each
// step checked against the sandbox's own state (place.sandbox.data, stats), never through the app's code.
import { describe, expect, it } from 'vitest';
import { useCliPlace } from '../../test/support/cli-in-process';
import { scheduleToIcal } from '../shared/weekly-schedule';

const ROBIN = 'robin.keyholder@example.org';
const NEWCOMER = 'new.person@example.org';
const place = useCliPlace({ owners: 3, locks: 6, grants: 4, seed: 'write-cli' });
const login = (extra: string[]) => place.login(extra);

/** Runs one command in-process; `answer` plays the person at a terminal (absent: no terminal, as in a script). */
async function cli(argv: string[], options: { answer?: string } = {}) {
  const asked: string[] = [];
  const confirm = async (q: string) => {
    asked.push(q);
    return options.answer === 'y';
  };
  const r = await place.cli(argv, options.answer !== undefined ? { confirm } : {});
  return { ...r, asked };
}

const owners = () => place.sandbox.users[0]!.ownerAccountIds;
const owner = () => owners()[0]!;
/** Two locks of the first account that keep a schedule (every fourth lock, index 1, 5 …, does not). */
const scheduledLocks = () => {
  const locks = place.sandbox.data.boundLocks(owner());
  return [locks[0]!.id, locks[2]!.id];
};
/** The newcomer's grant on the two scheduled locks, weekdays 08:00–18:00, until 2031. */
const grantNewcomer = () => {
  const [l1, l2] = scheduledLocks();
  return [
    'grant',
    '--owner',
    owner(),
    '--lock',
    l1!,
    '--lock',
    l2!,
    '--to',
    NEWCOMER,
    '--days',
    'Mon-Fri',
    '--hours',
    '08:00-18:00',
    '--until',
    '2031-01-01',
  ];
};
const grantsOf = (ownerAccountId: string, identifier: string) => {
  const ids = new Set(
    place.sandbox.data
      .contacts(ownerAccountId)
      .filter((c) => c.identifier?.toLowerCase() === identifier)
      .map((c) => c.id),
  );
  return place.sandbox.data
    .grants(ownerAccountId)
    .filter((g) => g.contactId && ids.has(g.contactId));
};

describe('tapkey-locks grant, people, offboard and journal', () => {
  it('checks the write flags before anything is sent (exit 2)', async () => {
    /** A grant with everything it needs, for the cases that get a later flag wrong. */
    const grantTo = ['grant', '--owner', 'o', '--lock', 'l', '--to', 'a@b.c'];
    const cases: Array<[string[], RegExp]> = [
      [['grant', '--owner', 'o', '--to', 'a@b.c'], /grant needs --lock ID/],
      [['grant', '--owner', 'o', '--lock', 'l'], /exactly one of --to, --contact, --card/],
      [[...grantTo, '--days', 'Mon-Fri'], /--days and --hours go together/],
      [[...grantTo, '--days', 'Mon-Fxi', '--hours', '08:00-18:00'], /"Fxi" is not a day/],
      [
        [...grantTo, '--from', '2027-01-02', '--until', '2027-01-01'],
        /--from must be before --until/,
      ],
      [['revoke', '--owner', 'o'], /revoke needs --grant ID/],
      [['offboard', '--contact', 'c'], /needs --owner ID/],
      [
        ['offboard', '--to', 'a@b.c', '--owner', 'o', '--all-accounts'],
        /either --owner ID or --all-accounts/,
      ],
      [['owners', '--yes'], /--yes works with the grant and revoke and offboard commands only/],
      [['grants', '--owner', 'o', '--lock', 'a', '--lock', 'b'], /--lock is given once/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect({ argv, code: r.code, stdout: r.stdout }).toEqual({ argv, code: 2, stdout: '' });
      expect(r.stderr).toMatch(message);
    }
    expect(place.sandbox.stats.writes()).toBe(0);
  });

  it('login --manage, then grant --dry-run prints exactly the requests and sends nothing', async () => {
    expect((await login(['--manage'])).code).toBe(0);
    const [l1, l2] = scheduledLocks();
    const r = await cli([...grantNewcomer(), '--dry-run', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      dryRun: boolean;
      sent: boolean;
      steps: Array<Record<string, unknown>>;
    };
    expect(doc).toMatchObject({ dryRun: true, sent: false });
    const ical = scheduleToIcal({
      days: ['MO', 'TU', 'WE', 'TH', 'FR'],
      start: '08:00',
      end: '18:00',
    });
    expect(doc.steps.map((s) => s.request)).toEqual(
      [l1, l2].map((lock) => ({
        method: 'PUT',
        path: `Owners/${owner()}/Grants`,
        // The first grant creates the person; the second names them the same way and reuses them.
        body: {
          boundLockId: lock,
          validBefore: '2031-01-01T00:00:00.000Z',
          timeRestrictionIcal: ical,
          contact: { identifier: NEWCOMER, ipId: 'tapkey' },
        },
      })),
    );
    expect(place.sandbox.stats.writes()).toBe(0);
  });

  it('a script without --yes is refused with exit 2 and nothing sent; a terminal is asked, and "no" sends nothing', async () => {
    const argv = ['grant', '--owner', owner(), '--lock', scheduledLocks()[0]!, '--to', NEWCOMER];
    const script = await cli(argv);
    expect(script.code).toBe(2);
    expect(script.stdout).toBe('');
    expect(script.stderr).toMatch(/nothing was sent\. Add --yes/);
    const declined = await cli(argv, { answer: 'n' });
    expect(declined.code).toBe(1);
    expect(declined.asked).toEqual(['Send 1 request(s) to Tapkey? [y/N] ']);
    expect(declined.stderr).toMatch(/PUT Owners\/.*\/Grants/);
    expect(place.sandbox.stats.writes()).toBe(0);
  });

  it('grant sends one PUT per lock: exactly those grants exist, with that iCal, for the new person', async () => {
    const [l1, l2] = scheduledLocks();
    const r = await cli([...grantNewcomer(), '--json'], { answer: 'y' });
    expect(r.stderr).not.toMatch(/did not go through/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      sent: boolean;
      steps: Array<{ outcome: { status: string; grantId: string } }>;
      progress: { summary: string };
    };
    expect(doc.sent).toBe(true);
    expect(doc.steps.map((s) => s.outcome.status)).toEqual(['done', 'done']);
    expect(place.sandbox.stats.writes(/^PUT .*\/Grants$/)).toBe(2);
    const made = grantsOf(owner(), NEWCOMER);
    expect(made.map((g) => g.boundLockId).sort()).toEqual([l1, l2].sort());
    expect(made.map((g) => g.id).sort()).toEqual(doc.steps.map((s) => s.outcome.grantId).sort());
    const ical = scheduleToIcal({
      days: ['MO', 'TU', 'WE', 'TH', 'FR'],
      start: '08:00',
      end: '18:00',
    });
    for (const g of made)
      expect(g).toMatchObject({
        timeRestrictionIcal: ical,
        validBefore: '2031-01-01T00:00:00.000Z',
        active: true,
      });
    expect(
      place.sandbox.data.contacts(owner()).filter((c) => c.identifier === NEWCOMER),
    ).toHaveLength(1);
    expect(doc.progress.summary).toMatch(/^Given on 2 locks: reaches the person's phone/);

    // Again: harmless, nothing sent.
    place.sandbox.stats.reset();
    const again = await cli([...grantNewcomer(), '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Nothing to send/);
    expect(place.sandbox.stats.writes()).toBe(0);
  });

  it('people --json lists the new person with their two grants, as the sandbox holds them', async () => {
    const r = await cli(['people', '--owner', owner(), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      holders: Array<{
        kind: string;
        id: string;
        identifier: string | null;
        activeGrants: number;
        grants: Array<{ id: string }>;
      }>;
    };
    const contacts = place.sandbox.data.contacts(owner());
    const cards = place.sandbox.data.boundCards(owner());
    expect(doc.holders).toHaveLength(contacts.length + cards.length);
    const person = doc.holders.find((h) => h.identifier === NEWCOMER)!;
    expect(person.activeGrants).toBe(2);
    expect(person.grants.map((g) => g.id).sort()).toEqual(
      grantsOf(owner(), NEWCOMER)
        .map((g) => g.id)
        .sort(),
    );
    for (const h of doc.holders) {
      const expected = place.sandbox.data
        .grants(owner())
        .filter((g) => (h.kind === 'card' ? g.boundCardId : g.contactId) === h.id);
      expect(h.grants.map((g) => g.id)).toEqual(expected.map((g) => g.id));
    }
  });

  it('offboard --dry-run counts the shared person’s keys in every account; offboard --yes revokes them all', async () => {
    // A key that is still valid, so its revocation waits for the lock to sync (the seeded ones may have expired).
    const second = owners()[1]!;
    const lock = place.sandbox.data.boundLocks(second)[0]!.id;
    expect(
      (await cli(['grant', '--owner', second, '--lock', lock, '--to', ROBIN, '--yes'])).code,
    ).toBe(0);
    const holding = owners().filter((o) => grantsOf(o, ROBIN).some((g) => g.active));
    expect(holding.length).toBeGreaterThanOrEqual(2);
    const active = holding.flatMap((o) => grantsOf(o, ROBIN).filter((g) => g.active));
    place.sandbox.stats.reset();
    const dry = await cli(['offboard', '--to', ROBIN, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as {
      counts: { send: number; keys: number; accounts: number };
      steps: Array<{ request: { method: string; path: string } | null; grantIds: string[] }>;
    };
    expect(plan.counts).toMatchObject({
      send: holding.length,
      keys: active.length,
      accounts: holding.length,
    });
    expect(plan.steps.map((s) => s.request?.method)).toEqual(holding.map(() => 'POST'));
    expect(plan.steps.flatMap((s) => s.grantIds).sort()).toEqual(active.map((g) => g.id).sort());
    expect(place.sandbox.stats.writes()).toBe(0);

    const r = await cli(['offboard', '--to', ROBIN, '--yes', '--json']);
    expect(r.code).toBe(0);
    expect(place.sandbox.stats.writes(/RevokeGrants$/)).toBe(holding.length);
    for (const o of owners()) expect(grantsOf(o, ROBIN).filter((g) => g.active)).toEqual([]);
    const doc = JSON.parse(r.stdout) as { progress: { summary: string } };
    // The new key waits for its lock; the seeded ones had expired and needed no list entry.
    expect(doc.progress.summary).toBe(
      "Revoked: takes effect at each lock's next sync (0 of 1 lock synced).",
    );
    expect(place.sandbox.data.pendingLocks(second, grantsOf(second, ROBIN).at(-1)!.id)).toEqual([
      lock.toLowerCase(),
    ]);
  });

  it('journal --json lists every request sent, newest first, with Tapkey’s ids and no token', async () => {
    const r = await cli(['journal', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/Bearer|access_token|refresh_token/i);
    const doc = JSON.parse(r.stdout) as {
      records: Array<{
        operation: string;
        status: string;
        source: string;
        grantId: string | null;
        signIn: { issuer: string };
      }>;
      unresolved: number;
    };
    expect(doc.unresolved).toBe(0);
    expect(doc.records.map((x) => [x.operation, x.status])).toEqual([
      ...owners()
        .filter((o) => grantsOf(o, ROBIN).length)
        .map(() => ['offboard', 'done']),
      ['give', 'done'],
      ['give', 'done'],
      ['give', 'done'],
    ]);
    expect(
      doc.records.every((x) => x.source === 'cli' && x.signIn.issuer === place.sandbox.issuer),
    ).toBe(true);
    expect(
      doc.records
        .filter((x) => x.operation === 'give')
        // The newest give is Robin's (offboarded since); the two before are the newcomer's.
        .slice(1)
        .map((x) => x.grantId)
        .sort(),
    ).toEqual(
      grantsOf(owner(), NEWCOMER)
        .map((g) => g.id)
        .sort(),
    );
  });
});
