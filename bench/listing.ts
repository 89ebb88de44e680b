import type { BoundLocksPage } from '../src/shared/model';
import type { TapkeyClient } from '../src/main/tapkey/client';
import { collectGarbage } from './collect-garbage';
import { signedInClient, startSandboxProcess } from './sandbox-process';
import { idealTransfer, seedSampleListing } from './seed-sample-baseline';

export interface ListingResult {
  owners: number;
  locksPerOwner: number;
  latencyMs: number;
  oursMs: number;
  baselineMs: number;
  lowerBoundMs: number;
  firstAccountMs: number;
  baselineFirstAccountMs: number;
  /**
   * Ours again, on a start that remembers the account on screen (from the snapshot) and on every Refresh: that
   * account is asked for beside the owner accounts.
   */
  rememberedMs: number;
  rememberedFirstAccountMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Measures "signed in" → "every account's locks received" for our client and the seed sample's algorithm. */
export async function benchListing(
  owners: number,
  locksPerOwner: number,
  latencyMs: number,
  runs: number,
): Promise<ListingResult> {
  const sandbox = await startSandboxProcess({ owners, locks: locksPerOwner, seed: 'bench' });
  try {
    const { client, accessToken } = await signedInClient(sandbox);
    const expected = owners * locksPerOwner;

    // Warm up connections and JIT once, unmeasured; then the transfer floor at zero latency.
    await onStaleConnectionRetry(() => seedSampleListing(sandbox.apiBaseUrl, accessToken));
    const { accounts } = await client.owners.listOwnerAccounts();
    const remembered = accounts[0]!.id;
    await loadAsTheAppDoes(client, () => {}, remembered);
    const transfer = median(
      await repeat(runs, () =>
        onStaleConnectionRetry(() => idealTransfer(sandbox.apiBaseUrl, accessToken)),
      ),
    );
    await sandbox.setLatency(latencyMs);

    // Ours and the seed's algorithm take turns, so the noise of a shared machine falls on both alike.
    const ours: number[] = [];
    const firsts: number[] = [];
    const oursRemembered: number[] = [];
    const firstsRemembered: number[] = [];
    const baseline: number[] = [];
    const baselineFirsts: number[] = [];
    // A full collection here and in the sandbox before every measured run, for ours and the baseline alike: at
    // 200 × 2,000 a run leaves hundreds of MB of garbage on both sides, and the next run's first request paid for it.
    const settle = async () => {
      await sandbox.collectGarbage();
      collectGarbage();
    };
    const runOurs = async (shown: string | null = null) => {
      await settle();
      const started = performance.now();
      let first = 0;
      let received = 0;
      await loadAsTheAppDoes(
        client,
        (page) => {
          first ||= performance.now() - started;
          received += page.locks.length;
        },
        shown,
      );
      (shown ? oursRemembered : ours).push(performance.now() - started);
      (shown ? firstsRemembered : firsts).push(first);
      if (received !== expected)
        throw new Error(`ours received ${received} locks, expected ${expected}`);
    };
    const runBaseline = async () => {
      const { r, ms } = await onStaleConnectionRetry(async () => {
        await settle();
        const started = performance.now();
        const r = await seedSampleListing(sandbox.apiBaseUrl, accessToken);
        return { r, ms: performance.now() - started };
      });
      baseline.push(ms);
      baselineFirsts.push(r.firstAccountMs);
      if (r.locks !== expected)
        throw new Error(`baseline received ${r.locks} locks, expected ${expected}`);
    };
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        await runOurs();
        await runBaseline();
        await runOurs(remembered);
      } else {
        await runOurs(remembered);
        await runBaseline();
        await runOurs();
      }
    }
    return {
      owners,
      locksPerOwner,
      latencyMs,
      oursMs: round(median(ours)),
      baselineMs: round(median(baseline)),
      lowerBoundMs: round(2 * latencyMs + transfer),
      firstAccountMs: round(median(firsts)),
      baselineFirstAccountMs: round(median(baselineFirsts)),
      rememberedMs: round(median(oursRemembered)),
      rememberedFirstAccountMs: round(median(firstsRemembered)),
    };
  } finally {
    await sandbox.close();
  }
}

/**
 * Loads every account's locks the way the app does (use-browse.ts): the owner accounts, then one request per
 * account, the account on screen (the first) with priority and the others right after it. When the account on
 * screen is known before the list (`remembered`: a start from the snapshot, a Refresh), it is asked for beside
 * the list.
 */
async function loadAsTheAppDoes(
  client: TapkeyClient,
  onPage: (page: BoundLocksPage) => void,
  remembered: string | null = null,
): Promise<void> {
  const early = remembered
    ? client.locks.listBoundLocks(remembered, undefined, { priority: true }).then(onPage)
    : null;
  const { accounts } = await client.owners.listOwnerAccounts();
  const shown = accounts.find((a) => a.id === remembered) ?? accounts[0];
  await Promise.all(
    [
      ...(shown && shown.id !== remembered
        ? [client.locks.listBoundLocks(shown.id, undefined, { priority: true })]
        : []),
      ...accounts
        .filter((a) => a !== shown && a.id !== remembered)
        .map((a) => client.locks.listBoundLocks(a.id)),
    ]
      .map((p) => p.then(onPage))
      .concat(early ? [early] : []),
  );
}

/**
 * The sandbox closes idle keep-alive connections after 5 s; fetch can pick one up just as it closes and fail
 * with ECONNRESET (seen with 200 parallel requests on a loaded machine). Such a run measured nothing: run it again.
 */
async function onStaleConnectionRetry<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    const code = e instanceof Error ? (e.cause as { code?: unknown } | undefined)?.code : undefined;
    if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') throw e;
    return f();
  }
}

async function repeat(n: number, f: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
}

export const round = (x: number) => Math.round(x * 10) / 10;
