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
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Measures "signed in" → "every account's locks received" for our client and the seed sample's algorithm. */
export async function benchListing(owners: number, locksPerOwner: number, latencyMs: number, runs: number): Promise<ListingResult> {
  const sandbox = await startSandboxProcess(['--owners', String(owners), '--locks', String(locksPerOwner), '--seed', 'bench']);
  try {
    const { client, accessToken } = await signedInClient(sandbox);
    const expected = owners * locksPerOwner;

    // Warm up connections and JIT once, unmeasured; then the transfer floor at zero latency.
    await seedSampleListing(sandbox.apiBaseUrl, accessToken);
    await client.listAllBoundLocks((await client.listOwnerAccounts()).accounts, () => {});
    const transfer = median(await repeat(runs, () => idealTransfer(sandbox.apiBaseUrl, accessToken)));
    await sandbox.setLatency(latencyMs);

    // Ours and the seed's algorithm take turns, so the noise of a shared machine falls on both alike.
    const ours: number[] = [];
    const firsts: number[] = [];
    const baseline: number[] = [];
    const baselineFirsts: number[] = [];
    const runOurs = async () => {
      const started = performance.now();
      let first = 0;
      let received = 0;
      const { accounts } = await client.listOwnerAccounts();
      await client.listAllBoundLocks(accounts, (_id, r) => {
        if (!r.ok) throw r.error;
        first ||= performance.now() - started;
        received += r.page.locks.length;
      });
      ours.push(performance.now() - started);
      firsts.push(first);
      if (received !== expected) throw new Error(`ours received ${received} locks, expected ${expected}`);
    };
    const runBaseline = async () => {
      const started = performance.now();
      const r = await seedSampleListing(sandbox.apiBaseUrl, accessToken);
      baseline.push(performance.now() - started);
      baselineFirsts.push(r.firstAccountMs);
      if (r.locks !== expected) throw new Error(`baseline received ${r.locks} locks, expected ${expected}`);
    };
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        await runOurs();
        await runBaseline();
      } else {
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
    };
  } finally {
    await sandbox.close();
  }
}

async function repeat(n: number, f: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
}

export const round = (x: number) => Math.round(x * 10) / 10;
