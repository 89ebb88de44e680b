// Access benchmarks: time to the first page of a lock's Activity, and `tapkey-locks logs --csv` for one
// lock as a whole process (wall time, peak RSS) beside the log-export add-on's algorithm, at 10k and 100k entries.
import { spawn } from 'node:child_process';
import { buildSync } from 'esbuild';
import { existsSync } from 'node:fs';
import { headlessSignIn } from '../test/support/headless-sign-in';
import { serializeSession } from '../src/main/auth/stored-session';
import { createLogger } from '../src/main/log';
import { createTapkeyClient } from '../src/main/tapkey/client';
import { ACCESS_SCOPES, DEFAULT_SCOPES } from '../src/shared/scopes';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process';

// The scopes the app asks for with Access data on: only documented ones (the sandbox refuses read:contacts).
const ACCESS_SIGN_IN_SCOPES = [...DEFAULT_SCOPES, ...ACCESS_SCOPES].join(' ');

export interface ProcessFigures {
  wallMs: number;
  /** User + system CPU time: steadier than wall time on a shared machine. */
  cpuMs: number;
  peakRssMB: number;
  /** CSV data rows written (header excluded). */
  rows: number;
}

export interface AccessBenchResult {
  latencyMs: number;
  /** Median ms from asking for the newest page to having it with names resolved: cold (no contacts cached) and warm. */
  firstPageColdMs: number;
  firstPageWarmMs: number;
  cli: Array<{ entries: number; ours: ProcessFigures; addon: ProcessFigures }>;
  /**
   * Ours again at the largest size with V8's old space capped at 24 MB: it still completes, so the live set is
   * constant and the uncapped peak is garbage-collector slack, not entries held.
   */
  oursCapped: ProcessFigures | null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Bundles a child script so it runs on plain Node (no TypeScript loader inflating time and memory). */
function bundle(entry: string, out: string): string {
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: out,
    target: 'node20',
    logLevel: 'error',
  });
  return out;
}

/** Runs `node script` under /usr/bin/time -v; counts stdout's CSV records without keeping them. */
function measure(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ProcessFigures> {
  if (!existsSync('/usr/bin/time'))
    throw new Error('/usr/bin/time is needed for peak RSS (apt-get install time)');
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-v', process.execPath, ...nodeArgs, script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let records = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) records++;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const wall =
        /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
      if (code !== 0 || !rss || !wall)
        return reject(new Error(`${script} failed (${code}): ${stderr.slice(0, 500)}`));
      const wallMs = ((Number(wall[1] ?? 0) * 60 + Number(wall[2])) * 60 + Number(wall[3])) * 1000;
      const cpuMs = Math.round((Number(user?.[1] ?? 0) + Number(sys?.[1] ?? 0)) * 1000);
      resolve({
        wallMs: Math.round(wallMs),
        cpuMs,
        peakRssMB: Math.round(Number(rss[1]) / 102.4) / 10,
        rows: records - 1,
      });
    });
  });
}

async function firstLock(
  sandbox: SandboxProcess,
  accessToken: string,
): Promise<{ owner: string; lock: string }> {
  const get = async (path: string) =>
    (await (
      await fetch(new URL(path, sandbox.apiBaseUrl), {
        headers: { authorization: `Bearer ${accessToken}` },
      })
    ).json()) as Array<{ id: string }>;
  const owner = (await get('Owners'))[0]!.id;
  return { owner, lock: (await get(`Owners/${owner}/BoundLocks`))[0]!.id };
}

/** The first-page and CLI figures at API latency `latencyMs`, for each log size. */
export async function benchAccess(
  latencyMs = 50,
  sizes: number[] = [10_000, 100_000],
): Promise<AccessBenchResult> {
  const ours = bundle('bench/access/cli-child.ts', 'dist/bench/access-cli-child.mjs');
  const addon = bundle('bench/access/addon-child.ts', 'dist/bench/access-addon-child.mjs');
  const result: AccessBenchResult = {
    latencyMs,
    firstPageColdMs: 0,
    firstPageWarmMs: 0,
    cli: [],
    oursCapped: null,
  };
  for (const entries of sizes) {
    const sandbox = await startSandboxProcess({
      owners: 1,
      locks: 2,
      logEntries: entries,
      seed: 'bench-access',
      latencyMs,
    });
    try {
      const user = sandbox.users[0]!;
      const session = await headlessSignIn(
        sandbox,
        user.username,
        user.password,
        ACCESS_SIGN_IN_SCOPES,
      );
      const { owner, lock } = await firstLock(sandbox, session.accessToken);
      if (entries === sizes[0]) {
        const tokens = {
          getAccessToken: async () => session.accessToken,
          refreshAfterUnauthorized: async () => session.accessToken,
        };
        const cold: number[] = [];
        const warm: number[] = [];
        for (let i = 0; i < 5; i++) {
          const client = createTapkeyClient({
            apiBaseUrl: sandbox.apiBaseUrl,
            tokens,
            log: createLogger(() => {}),
          });
          let t = performance.now();
          await client.logs.listLogEntries(owner, lock, {});
          cold.push(performance.now() - t);
          t = performance.now();
          await client.logs.listLogEntries(owner, lock, {});
          warm.push(performance.now() - t);
        }
        result.firstPageColdMs = Math.round(median(cold));
        result.firstPageWarmMs = Math.round(median(warm));
      }
      // Each run signs in afresh: refresh tokens rotate, and reusing one would revoke the grant.
      const common = { BENCH_OWNER: owner, BENCH_LOCK: lock, BENCH_API: sandbox.apiBaseUrl };
      const oursEnv = async () => {
        const fresh = await headlessSignIn(
          sandbox,
          user.username,
          user.password,
          ACCESS_SIGN_IN_SCOPES,
        );
        return {
          ...common,
          BENCH_ISSUER: sandbox.issuer,
          BENCH_CLIENT_ID: sandbox.clientId,
          BENCH_REDIRECT_URI: sandbox.redirectUris[0]!,
          BENCH_SESSION: serializeSession({
            v: 2,
            refreshToken: fresh.refreshToken!,
            accessToken: null,
            accessTokenExpiresAt: null,
            accessTokenIssuedAt: null,
            scope: fresh.scope,
            issuer: sandbox.issuer,
            clientId: sandbox.clientId,
            apiBaseUrl: sandbox.apiBaseUrl,
            savedAt: new Date().toISOString(),
          }),
        };
      };
      const oursFigures = await measure(ours, await oursEnv());
      if (entries === sizes[sizes.length - 1])
        result.oursCapped = await measure(ours, await oursEnv(), ['--max-old-space-size=24']);
      const addonFigures = await measure(addon, {
        ...common,
        BENCH_ACCESS_TOKEN: session.accessToken,
      });
      result.cli.push({ entries, ours: oursFigures, addon: addonFigures });
    } finally {
      await sandbox.close();
    }
  }
  return result;
}

/** Prints the figures as the other benchmarks do. */
export function printAccess(r: AccessBenchResult): void {
  console.log(
    `\nAccess (L = ${r.latencyMs} ms): first Activity page with names resolved: ${r.firstPageColdMs} ms cold, ${r.firstPageWarmMs} ms with contacts cached`,
  );
  console.log(
    '  tapkey-locks logs --csv, one lock, whole process │ ours: wall ms  CPU ms  peak RSS MB    rows │ add-on algorithm: wall ms  CPU ms  peak RSS MB    rows',
  );
  const cols = (f: ProcessFigures, first: number) =>
    `${String(f.wallMs).padStart(first)} ${String(f.cpuMs).padStart(7)} ${String(f.peakRssMB).padStart(12)} ${String(f.rows).padStart(7)}`;
  for (const c of r.cli)
    console.log(
      `  ${String(c.entries).padStart(7)} entries                              │ ${cols(c.ours, 12)} │ ${cols(c.addon, 25)}`,
    );
  if (r.oursCapped)
    console.log(
      `  ${String(r.cli.at(-1)?.entries).padStart(7)} entries, ours with a 24 MB old space │ ${cols(r.oursCapped, 12)} │ (completes: the live set is constant)`,
    );
}

// `npx tsx bench/access.ts [--latency=50]` runs only this benchmark.
if (import.meta.url === `file://${process.argv[1]}`) {
  const latency = Number(process.argv.find((a) => a.startsWith('--latency='))?.split('=')[1] ?? 50);
  printAccess(await benchAccess(latency));
}
