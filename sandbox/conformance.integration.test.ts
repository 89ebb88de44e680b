// 15.9: every documented example payload's fields (sandbox/conformance/documented-examples.json, written from
// shared/tapkey-api.md) exist in the sandbox's answers with the documented types, against the default sandbox
// and against one with the sheet's options on (SHEET_BEHAVIOUR, email dropped).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceProblems, DOCUMENTED_EXAMPLES, documented } from './conformance/check';
import { SHEET_BEHAVIOUR, startSandbox, type Sandbox } from './index';
import { apiGet, tokensFor } from './test-support';

const SCOPES = 'read:owneraccounts read:core:entities read:grants read:logs';
const setups = {
  default: {},
  'sheet options': { ...SHEET_BEHAVIOUR, contactEmail: false },
} as const;

const running = new Map<string, { sandbox: Sandbox; token: string }>();

beforeAll(async () => {
  for (const [name, options] of Object.entries(setups)) {
    const sandbox = await startSandbox({
      quiet: true,
      owners: 2,
      locks: 12,
      logEntries: 40,
      ...options,
    });
    running.set(name, { sandbox, token: (await tokensFor(sandbox, 'alice', SCOPES)).access_token });
  }
});
afterAll(() => Promise.all([...running.values()].map((r) => r.sandbox.close())));

/** Fills a route's placeholders with ids of alice's first account. */
function path(sandbox: Sandbox, route: string): string {
  const owner = sandbox.users[0]?.ownerAccountIds[0] as string;
  const card = sandbox.data.boundCards(owner)[0]?.id as string;
  return route
    .replace('{owner}', owner)
    .replace('{lock}', sandbox.data.boundLocks(owner)[0]?.id as string)
    .replace('{group}', sandbox.data.lockGroups(owner)[0]?.id as string)
    .replace('{card}', card)
    .replace('{contact}', sandbox.data.contacts(owner)[0]?.id as string);
}

describe.each(Object.keys(setups))('the %s sandbox', (setup) => {
  const cases = DOCUMENTED_EXAMPLES.flatMap((doc) => doc.routes.map((route) => ({ doc, route })));
  it.each(cases.map((c) => [c.doc.name, c.route, c] as const))(
    'serves %s at %s with every documented field and type',
    async (_name, _route, { doc, route }) => {
      const { sandbox, token } = running.get(setup) as { sandbox: Sandbox; token: string };
      const res = await apiGet(sandbox, path(sandbox, route), token);
      expect(res.status).toBe(200);
      const body = (await res.json()) as unknown;
      const items = Array.isArray(body) ? body : [body];
      expect(items.length).toBeGreaterThan(0);
      const problems = items.flatMap((item, i) =>
        conformanceProblems(item, doc).map((p) => `[${i}] ${p}`),
      );
      expect(problems, doc.section).toEqual([]);
    },
  );
});

describe('the conformance check itself', () => {
  it('catches a missing field, a wrong type, an undocumented null and a value outside a documented set', () => {
    const lock = documented('BoundLock');
    const good: Record<string, unknown> = {
      ...lock.example,
      unbindDate: '2020-01-01T00:00:00.000Z',
    };
    expect(conformanceProblems(good, lock)).toEqual([]);
    const { title: _dropped, ...noTitle } = good;
    expect(conformanceProblems(noTitle, lock)).toEqual(['title: missing']);
    expect(conformanceProblems({ ...good, rclSerialNo: '3' }, lock)).toEqual([
      'rclSerialNo: string, expected number',
    ]);
    expect(conformanceProblems({ ...good, bindDate: null }, lock)).toEqual([
      'bindDate: null, but the docs show string',
    ]);
    expect(conformanceProblems({ ...good, unbindDate: 5 }, lock)).toEqual([
      'unbindDate: number, expected string or null',
    ]);
    expect(
      conformanceProblems(
        { ...good, lockType: { ...(good.lockType as object), manufacturerId: 'x' } },
        lock,
      ),
    ).toEqual(['lockType.manufacturerId: string, expected number']);
    const expanded = documented('BoundLock, expanded');
    const health = (expanded.example.healthStatuses as object[])[0];
    expect(
      conformanceProblems(
        { ...expanded.example, healthStatuses: [{ ...health, valueStatus: 'Low' }] },
        expanded,
      ),
    ).toEqual(['healthStatuses.valueStatus: "Low" is not one of Ok, Outdated, Invalid']);
    expect(conformanceProblems({ ...good, active: undefined }, lock)).toEqual([
      'active: undefined, expected boolean',
    ]);
  });
});
