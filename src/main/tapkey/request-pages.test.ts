// request.pages against a local OData-like peer that misbehaves on purpose: pages longer than asked, pages cut
// short by a silent cap, a first page's twin answered wrongly or not at all. Every item comes back exactly once,
// in order, and each list asks exactly the requests its case needs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { startLocalServer, type LocalServer } from './http/local-server.fixture';
import { createLimiter } from './limiter';
import { createTapkeyRequest, type TapkeyRequest } from './request';
import { fixedTokenSource } from '../../../test/support/test-token-source';

const ITEMS = Array.from({ length: 137 }, (_, i) => ({ id: `i${i}` }));
let server: LocalServer;

/** How the peer pages and how it answers a twin (a request with `$select=id`). */
interface Mode {
  /** Items more than `$top` in every answer (ignoring it). */
  extra: number;
  /** At most this many items an answer. */
  cap: number | null;
  /** A twin's answer holds this many items more (or fewer) than the list gives. */
  twinShift: number;
  /** A twin is answered with this status and no items. */
  twinStatus: number | null;
  /** A twin is held unanswered until the client gives up on it. */
  twinHeld: boolean;
  /** `$top` above this answers 400 and names the limit, as ASP.NET OData does. */
  maxTop: number | null;
  /** `$select` of anything but `id` answers 400. */
  refuseSelect: boolean;
  /**
   * A first page is answered only once its twin has arrived, so a twin cancelled by that answer is seen here
   * (else whether it arrives first is a race).
   */
  pairFirst: boolean;
}
const NORMAL: Mode = {
  extra: 0,
  cap: null,
  twinShift: 0,
  twinStatus: null,
  twinHeld: false,
  maxTop: null,
  refuseSelect: false,
  pairFirst: false,
};
let mode: Mode = NORMAL;

interface Asked {
  list: string;
  top: number;
  skip: number;
  select: string | null;
}
const asked: Asked[] = [];
/** Each held twin's request, resolved when the client closes it. */
let twinClosed: Array<Promise<void>> = [];
let twinArrived: () => void = () => {};
/** Twins that arrived, by list and `$top`, for `pairFirst`. */
const twinsIn = new Map<string, { arrived: Promise<void>; arrive: () => void }>();
const twinIn = (key: string) => {
  let entry = twinsIn.get(key);
  if (!entry) {
    let arrive = () => {};
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    twinsIn.set(key, (entry = { arrived, arrive }));
  }
  return entry;
};

beforeAll(async () => {
  server = await startLocalServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = url.searchParams;
    const top = Number(q.get('$top') ?? 1000);
    const skip = Number(q.get('$skip') ?? 0);
    const select = q.get('$select');
    const list = url.pathname.split('/').at(-2)!;
    asked.push({ list, top, skip, select });
    if (select === 'id') twinIn(`${list} ${top}`).arrive();
    else if (mode.pairFirst && skip === 0) await twinIn(`${list} ${top}`).arrived;
    const refuse = (message: string) =>
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'BadRequest', message } }));
    if (mode.maxTop !== null && top > mode.maxTop)
      return refuse(`The limit of '${mode.maxTop}' for Top query has been exceeded.`);
    const twin = select === 'id';
    if (mode.refuseSelect && select !== null && !twin)
      return refuse(`Could not find a property named '${select}'.`);
    if (twin && mode.twinHeld) {
      twinClosed.push(new Promise((resolve) => res.on('close', () => resolve())));
      twinArrived();
      return;
    }
    if (twin && mode.twinStatus !== null)
      return res.writeHead(mode.twinStatus, { 'content-type': 'application/json' }).end('{}');
    const n = Math.min(top + mode.extra, mode.cap ?? Infinity);
    const page = ITEMS.slice(skip, skip + n);
    // Only a twin's length matters to the client.
    const shifted = twin
      ? Array.from({ length: Math.max(0, page.length + mode.twinShift) }, (_, i) => ({
          id: `t${i}`,
        }))
      : page;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(shifted));
  });
});
afterAll(() => server.close());

let lists = 0;
beforeEach(() => {
  mode = NORMAL;
  twinClosed = [];
});

const request = () =>
  createTapkeyRequest({
    apiBaseUrl: `${server.origin}/api/v1/`,
    tokens: fixedTokenSource,
    log: silentLogger,
    http: { maxAttempts: 1 },
  });

interface ReadOptions {
  parallel?: number;
  select?: string[];
  signal?: AbortSignal;
  schedule?: <T>(task: () => Promise<T>) => Promise<T>;
}

/**
 * A list of its own (requests of other lists, cancelled late, are not counted), of the kind `kind`: what it
 * asked, its pages and its twins apart, each in the order the peer saw them.
 */
function newList(kind = 'Things') {
  const name = `list-${++lists}`;
  const mine = () => asked.filter((a) => a.list === name);
  return {
    read: (r: TapkeyRequest, pageSize: number, options: ReadOptions = {}) =>
      r.listAll(
        ['Owners', name, kind],
        { what: 'things', scope: 's' },
        { pageSize, items: 'things', ...options },
      ),
    all: () => mine().map(({ top, skip, select }) => ({ top, skip, select })),
    pages: () =>
      mine()
        .filter((a) => a.select !== 'id')
        .map(({ top, skip }) => ({ top, skip })),
    twins: () =>
      mine()
        .filter((a) => a.select === 'id')
        .map(({ top, skip }) => ({ top, skip })),
  };
}

/** Reads `l` 500 at a time where its twin could not prove the end: the first page, the twin, the page after. */
async function expectReadWithTwin(l: ReturnType<typeof newList>, r: TapkeyRequest) {
  expect(await l.read(r, 500)).toEqual(ITEMS);
  expect(l.pages()).toEqual([
    { top: 500, skip: 0 },
    { top: 500, skip: 137 },
  ]);
  expect(l.twins()).toEqual([{ top: 500, skip: 1 }]);
}

describe('request.pages', () => {
  it('takes a page longer than asked whole and goes on right after it, never twice the same item', async () => {
    mode = { ...NORMAL, extra: 7, pairFirst: true };
    const l = newList();
    expect(await l.read(request(), 20)).toEqual(ITEMS);
    // Pages asked ahead of a long page would be wrong: reading continues at the first item not yet seen, alone.
    expect(l.pages()).toEqual([0, 27, 54, 81, 108, 135].map((skip) => ({ top: 20, skip })));
    // The first page came back full, so its twin (sent beside it) decided nothing.
    expect(l.twins()).toEqual([{ top: 20, skip: 1 }]);
  });

  it('under a silent cap, tells the cut first page from the end by its twin and pages by the cap', async () => {
    mode = { ...NORMAL, cap: 9 };
    const l = newList();
    expect(await l.read(request(), 50)).toEqual(ITEMS);
    // Both cut to 9: the cap, learnt in the first round trip; no request at $top=50 confirms anything.
    expect(l.twins()).toEqual([{ top: 50, skip: 1 }]);
    expect(l.pages().slice(0, 2)).toEqual([
      { top: 50, skip: 0 },
      { top: 9, skip: 9 },
    ]);
    expect(
      l
        .pages()
        .slice(1)
        .every((p) => p.top === 9 && p.skip % 9 === 0),
    ).toBe(true);
  });

  it('proves the end of a list that fits one page in one round trip: the page and its twin, nothing after', async () => {
    const l = newList();
    expect(await l.read(request(), 500)).toEqual(ITEMS);
    expect(l.pages()).toEqual([{ top: 500, skip: 0 }]);
    expect(l.twins()).toEqual([{ top: 500, skip: 1 }]);
  });

  describe.each(
    [1, 2, 9, 100, 136, 137, null].map((cap) => [cap === null ? 'no cap' : `a cap of ${cap}`, cap]),
  )('under %s', (_, cap) => {
    it('the list comes back whole, and its first page is placed in its first round trip', async () => {
      mode = { ...NORMAL, cap };
      const l = newList();
      expect(await l.read(request(), 500)).toEqual(ITEMS);
      expect(l.twins()).toEqual([{ top: 500, skip: 1 }]);
      // Cut (cap under 137): the next page is asked by the cap, right after the first; whole: nothing more.
      expect(l.pages().slice(0, 2)).toEqual(
        cap !== null && cap < ITEMS.length
          ? [
              { top: 500, skip: 0 },
              { top: cap, skip: cap },
            ]
          : [{ top: 500, skip: 0 }],
      );
    });
  });

  it.each([
    ['one fewer than the rest of the list', -1],
    ['more than its first page', 2],
  ])('a twin that holds %s is not trusted: one more request decides', async (_, twinShift) => {
    mode = { ...NORMAL, twinShift };
    const l = newList();
    await expectReadWithTwin(l, request());
  });

  it('under a cap, a failed twin is not trusted: the short page is confirmed as before and the cap learnt', async () => {
    mode = { ...NORMAL, cap: 9, twinStatus: 503 };
    const r = request();
    const l = newList();
    expect(await l.read(r, 50)).toEqual(ITEMS);
    expect(l.twins()).toEqual([{ top: 50, skip: 1 }]);
    expect(l.pages().slice(0, 3)).toEqual([
      { top: 50, skip: 0 },
      { top: 50, skip: 9 },
      { top: 9, skip: 18 },
    ]);
    // A transient failure says nothing about the next list of the kind (it learnt the cap, though: no twin).
    mode = { ...NORMAL, twinStatus: 503 };
    const other = newList('Others');
    await expectReadWithTwin(other, r);
    mode = NORMAL;
    const again = newList('Others');
    expect(await again.read(r, 500)).toEqual(ITEMS);
    expect(again.pages()).toEqual([{ top: 500, skip: 0 }]);
  });

  it('a kind of list that refuses its twin (400 beside a served first page) is asked no twin again', async () => {
    mode = { ...NORMAL, twinStatus: 400 };
    const r = request();
    const l = newList();
    await expectReadWithTwin(l, r);
    const again = newList();
    expect(await again.read(r, 500)).toEqual(ITEMS);
    expect(again.all()).toEqual([
      { top: 500, skip: 0, select: null },
      { top: 500, skip: 137, select: null },
    ]);
    // Another kind still has its twin.
    mode = NORMAL;
    const other = newList('Others');
    expect(await other.read(r, 500)).toEqual(ITEMS);
    expect(other.twins()).toEqual([{ top: 500, skip: 1 }]);
  });

  it('no twin once the cap is known, nor once a page at least as long as $top came back whole', async () => {
    mode = { ...NORMAL, cap: 9 };
    const r = request();
    await newList().read(r, 50);
    const capped = newList();
    expect(await capped.read(r, 50)).toEqual(ITEMS);
    expect(capped.twins()).toEqual([]);
    expect(capped.pages()[0]).toEqual({ top: 9, skip: 0 });

    mode = NORMAL;
    await newList('Others').read(r, 100);
    const seen = newList('Others');
    expect(await seen.read(r, 100)).toEqual(ITEMS);
    expect(seen.twins()).toEqual([]);
    // (After a full page, the next two go together: whether the one past the end was cancelled before it
    // reached the peer is a race, so only the first two are asserted.)
    expect(seen.pages().slice(0, 2)).toEqual([
      { top: 100, skip: 0 },
      { top: 100, skip: 100 },
    ]);
  });

  it('a retry without $select keeps the twin; a smaller $top asks a new one, and a twin refused for its $top disables nothing', async () => {
    mode = { ...NORMAL, refuseSelect: true, maxTop: 200, pairFirst: true };
    const r = request();
    const l = newList();
    expect(await l.read(r, 2000, { select: ['id', 'name'] })).toEqual(ITEMS);
    expect(l.all().filter((a) => a.select !== 'id')).toEqual([
      { top: 2000, skip: 0, select: 'id,name' },
      { top: 200, skip: 0, select: 'id,name' },
      { top: 200, skip: 0, select: null },
    ]);
    expect(l.twins()).toEqual([
      { top: 2000, skip: 1 },
      { top: 200, skip: 1 },
    ]);
    const again = newList();
    expect(await again.read(r, 2000, { select: ['id', 'name'] })).toEqual(ITEMS);
    expect(again.pages()).toEqual([{ top: 200, skip: 0 }]);
    expect(again.twins()).toEqual([{ top: 200, skip: 1 }]);
  });

  it('a twin goes through the same schedule, after its first page', async () => {
    const l = newList();
    const limit = createLimiter(1);
    expect(await l.read(request(), 500, { schedule: (task) => limit(task) })).toEqual(ITEMS);
    expect(l.all()).toEqual([
      { top: 500, skip: 0, select: null },
      { top: 500, skip: 1, select: 'id' },
    ]);
  });

  it('a list allowed one request at a time gets no twin', async () => {
    const l = newList();
    expect(await l.read(request(), 500, { parallel: 1 })).toEqual(ITEMS);
    expect(l.all()).toEqual([
      { top: 500, skip: 0, select: null },
      { top: 500, skip: 137, select: null },
    ]);
  });

  it('cancelling while the twin is awaited closes it and asks nothing more', async () => {
    mode = { ...NORMAL, twinHeld: true };
    const l = newList();
    const stop = new AbortController();
    const arrived = new Promise<void>((resolve) => (twinArrived = resolve));
    const reading = l.read(request(), 500, { signal: stop.signal });
    await arrived;
    stop.abort();
    await expect(reading).rejects.toMatchObject({ code: 'cancelled' });
    await twinClosed[0];
    expect(l.pages()).toEqual([{ top: 500, skip: 0 }]);
    expect(l.twins()).toEqual([{ top: 500, skip: 1 }]);
  });
});
