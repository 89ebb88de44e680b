// Name lookups under a silent cap: a server that answers `$filter=id eq … or …` with at most two items leaves
// out found ids; they must be asked again, and only an answer holding none of them makes them "not found".
// The peer is a local HTTP server that knows five contacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log';
import { createTapkeyClient } from '../client';
import { startLocalServer, type LocalServer } from '../http/local-server.fixture';
import { unnamedHolder } from '../access-schemas';
import { fixedTokenSource } from '../../../../test/support/test-token-source';

const KNOWN = ['c1', 'c2', 'c3', 'c4', 'c5'].map((id, i) => ({
  id,
  ipId: 'tapkey',
  identifier: `${id}@example.org`,
  title: i % 2 ? `Person ${i}` : null,
}));

let server: LocalServer;
let cap = 2;
const asked: string[][] = [];

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const filter = decodeURIComponent(
      new URL(req.url ?? '/', 'http://x').searchParams.get('$filter') ?? '',
    );
    const ids = [...filter.matchAll(/id eq '([^']*)'/g)].map((m) => m[1]!);
    asked.push(ids);
    const found = KNOWN.filter((c) => ids.includes(c.id)).slice(0, cap);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found));
  });
});
afterAll(() => server.close());

const client = () =>
  createTapkeyClient({
    apiBaseUrl: `${server.origin}/api/v1/`,
    tokens: fixedTokenSource,
    log: silentLogger,
    access: { warmUpLimit: 0 },
  });

describe('contact lookups', () => {
  it('ask again for the ids a capped answer left out, until an answer holds none of them', async () => {
    asked.length = 0;
    cap = 2;
    const holders = ['c1', 'c2', 'gone', 'c3', 'c4', 'c5', 'gone-too'].map((id) =>
      unnamedHolder(id, null),
    );
    const named = await client().holders.resolve('o1', holders);
    expect(named.map((h) => [h.label, h.known])).toEqual([
      ['c1@example.org', true],
      ['Person 1', true],
      [null, false],
      ['c3@example.org', true],
      ['Person 3', true],
      ['c5@example.org', true],
      [null, false],
    ]);
    // 2 + 2 found, then an answer of one: shorter than the two the server sent whole, so the two left are gone.
    expect(asked.map((ids) => ids.length)).toEqual([7, 5, 3]);
  });

  it('trust an answer shorter than one this server already sent whole', async () => {
    asked.length = 0;
    cap = 100;
    const c = client();
    await c.holders.resolve('o1', [unnamedHolder('c1', null), unnamedHolder('c2', null)]);
    asked.length = 0;
    // Two items came whole: an answer of one, with an id missing, proves that id is gone.
    const named = await c.holders.resolve('o1', [
      unnamedHolder('c3', null),
      unnamedHolder('gone', null),
    ]);
    expect(named.map((h) => h.known)).toEqual([true, false]);
    expect(asked).toHaveLength(1);
  });
});
