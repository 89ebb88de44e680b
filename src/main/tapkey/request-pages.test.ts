// request.pages against a local OData-like peer that misbehaves on purpose: pages longer than asked, pages cut
// short by a silent cap. Every item comes back exactly once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { startLocalServer, type LocalServer } from './http/local-server.fixture';
import { createTapkeyRequest } from './request';

const ITEMS = Array.from({ length: 137 }, (_, i) => ({ id: `i${i}` }));
let server: LocalServer;
/** How the peer pages: `extra` items more than `$top` (ignoring it), or at most `cap`. */
let mode: { extra: number; cap: number | null } = { extra: 0, cap: null };
const asked: Array<{ top: number; skip: number }> = [];

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const top = Number(q.get('$top') ?? 1000);
    const skip = Number(q.get('$skip') ?? 0);
    asked.push({ top, skip });
    const n = Math.min(top + mode.extra, mode.cap ?? Infinity);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(ITEMS.slice(skip, skip + n)));
  });
});
afterAll(() => server.close());

const request = () =>
  createTapkeyRequest({
    apiBaseUrl: `${server.origin}/api/v1/`,
    tokens: { getAccessToken: async () => 't', refreshAfterUnauthorized: async () => 't' },
    log: silentLogger,
  });
const list = (pageSize: number) =>
  request().listAll(
    ['Owners', 'o', 'Things'],
    { what: 'things', scope: 's' },
    { pageSize, items: 'things' },
  );

describe('request.pages', () => {
  it('takes a page longer than asked whole and goes on right after it, never twice the same item', async () => {
    mode = { extra: 7, cap: null };
    asked.length = 0;
    expect(await list(20)).toEqual(ITEMS);
    // Pages asked ahead of a long page are dropped: reading continues at the first item not yet seen.
    expect(asked[1]).toEqual({ top: 20, skip: 27 });
  });

  it('under a silent cap, confirms a short page with one more request and then pages by the cap', async () => {
    mode = { extra: 0, cap: 9 };
    asked.length = 0;
    expect(await list(50)).toEqual(ITEMS);
    expect(asked.slice(0, 3)).toEqual([
      { top: 50, skip: 0 },
      { top: 50, skip: 9 },
      { top: 9, skip: 18 },
    ]);
  });

  it('ends a list that fits one page after one more request that finds nothing', async () => {
    mode = { extra: 0, cap: null };
    asked.length = 0;
    expect(await list(500)).toEqual(ITEMS);
    // (Pages the test above asked ahead may still arrive: only this list's count.)
    expect(asked.filter((a) => a.top === 500)).toEqual([
      { top: 500, skip: 0 },
      { top: 500, skip: 137 },
    ]);
  });
});
