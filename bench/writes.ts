// Write benchmarks at API latency L, the sandbox in its own process: one person given access to 200 locks (wall time
// and requests against the ideal of one request per lock at the chosen concurrency), and offboarding a person who
// holds keys in 50 owner accounts (preview and execution). Through the write service the window and the CLI use;
// the sign-in is a real sandbox token, held fixed (the token's renewal is benchmarked in refresh-load.ts).
import { setMaxListeners } from 'node:events';
import { headlessSignIn } from '../test/support/headless-sign-in';
import { createLogger } from '../src/main/log';
import { createTapkeyClient } from '../src/main/tapkey/client';
import { memoryJournal } from '../src/main/tapkey/writes/journal';
import { createWriteService } from '../src/main/tapkey/writes/write-service';
import type { ChangeRequest } from '../src/shared/model';
import { ACCESS_SCOPES, DEFAULT_SCOPES, WRITE_SCOPES } from '../src/shared/scopes';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process';

/** Requests in flight at once within one change (the service's default). */
export const WRITE_CONCURRENCY = 8;

export interface WriteFigures {
  label: string;
  /** Requests that would do it with nothing wasted (one per lock, or one per account). */
  idealRequests: number;
  /** Round trips that would do it at the chosen concurrency: ceil(ideal / concurrency). */
  idealMs: number;
  previewMs: number;
  previewRequests: number;
  /** From submit to every step's outcome and the first progress read back. */
  sendMs: number;
  /** Writes sent (PUT, POST). */
  sendWrites: number;
  /** Reads after sending: revocation serials and progress. */
  sendReads: number;
  /** Every step went through. */
  allDone: boolean;
}

const now = () => performance.now();
const round = (x: number) => Math.round(x * 10) / 10;

/** A write service over the sandbox, signed in as its first user with Manage access. */
async function writeServiceOver(sandbox: SandboxProcess) {
  const user = sandbox.users[0]!;
  const scope = [...DEFAULT_SCOPES, ...ACCESS_SCOPES, ...WRITE_SCOPES].join(' ');
  const tokens = await headlessSignIn(sandbox, user.username, user.password, scope);
  const log = createLogger(() => {});
  const client = createTapkeyClient({
    apiBaseUrl: sandbox.apiBaseUrl,
    tokens: {
      getAccessToken: async () => tokens.accessToken,
      refreshAfterUnauthorized: async () => tokens.accessToken,
    },
    log,
  });
  const signal = new AbortController().signal;
  // As the session guard does: every request in flight listens on the one signal.
  setMaxListeners(0, signal);
  const service = createWriteService({
    client: () => client,
    whileSignedIn: (call) => call(signal),
    session: {
      state: { status: 'signed-in', remembered: true },
      servers: {
        issuer: sandbox.issuer,
        clientId: sandbox.clientId,
        apiBaseUrl: sandbox.apiBaseUrl,
      },
      grantedScopes: tokens.scope.split(' '),
    },
    manageAccess: () => true,
    journal: memoryJournal(),
    source: 'cli',
    log,
    emit: () => undefined,
    tuning: { concurrency: WRITE_CONCURRENCY },
  });
  return { service, client };
}

/** API requests since the last reset: all of them, and the writes among them. */
async function requests(sandbox: SandboxProcess) {
  const stats = await sandbox.stats();
  const writes = Object.values(stats.writeRequests as Record<string, number>).reduce(
    (a, b) => a + b,
    0,
  );
  return { all: stats.apiRequests as number, writes };
}

/** Previews and sends one change, counting the requests of each part. */
async function measureChange(
  sandbox: SandboxProcess,
  service: Awaited<ReturnType<typeof writeServiceOver>>['service'],
  request: ChangeRequest,
) {
  await sandbox.resetStats();
  let t = now();
  const plan = await service.preview(request);
  const previewMs = now() - t;
  const previewRequests = (await requests(sandbox)).all;
  await sandbox.resetStats();
  t = now();
  const entry = await service.finished(service.submit(plan.planId, 0).changeId);
  const sendMs = now() - t;
  const sent = await requests(sandbox);
  const measured: Omit<WriteFigures, 'label' | 'idealRequests' | 'idealMs'> = {
    previewMs: round(previewMs),
    previewRequests,
    sendMs: round(sendMs),
    sendWrites: sent.writes,
    sendReads: sent.all - sent.writes,
    allDone: entry.outcomes.every((o) => o.status === 'done'),
  };
  return { plan, measured };
}

/** One person × `locks` locks, by e-mail (the first grant creates the person, the rest follow in parallel). */
export async function benchGiveMany(latencyMs: number, locks = 200): Promise<WriteFigures> {
  const sandbox = await startSandboxProcess({
    owners: 1,
    locks,
    grants: 2,
    latencyMs,
    quiet: true,
  });
  try {
    const { service, client } = await writeServiceOver(sandbox);
    const account = (await client.owners.listOwnerAccounts()).accounts[0]!;
    const lockIds = (await client.locks.listBoundLocks(account.id)).locks.map((l) => l.id);
    const r = await measureChange(sandbox, service, {
      kind: 'give',
      ownerAccountId: account.id,
      holder: { kind: 'email', identifier: 'bench.person@example.org' },
      boundLockIds: lockIds,
      validFrom: null,
      validBefore: null,
      schedule: null,
    });
    // The first grant goes alone (it creates the person), the other locks − 1 in rounds of the concurrency.
    const rounds = 1 + Math.ceil((lockIds.length - 1) / WRITE_CONCURRENCY);
    return {
      label: `1 person × ${lockIds.length} locks`,
      idealRequests: lockIds.length,
      idealMs: rounds * latencyMs,
      ...r.measured,
    };
  } finally {
    await sandbox.close();
  }
}

/** Offboarding the sandbox's shared person, who is a contact in every one of `accounts` owner accounts. */
export async function benchOffboard(latencyMs: number, accounts = 50): Promise<WriteFigures> {
  const sandbox = await startSandboxProcess({
    owners: accounts,
    locks: 10,
    grants: 4,
    sharedPersonAccounts: accounts,
    latencyMs,
    quiet: true,
  });
  try {
    const { service } = await writeServiceOver(sandbox);
    const r = await measureChange(sandbox, service, {
      kind: 'offboard',
      person: { kind: 'email', identifier: 'robin.keyholder@example.org' },
      ownerAccountIds: 'all',
    });
    return {
      label: `offboard 1 person × ${r.plan.counts.accounts} accounts (${r.plan.counts.keys} keys)`,
      idealRequests: r.plan.counts.send,
      idealMs: Math.ceil(r.plan.counts.send / WRITE_CONCURRENCY) * latencyMs,
      ...r.measured,
    };
  } finally {
    await sandbox.close();
  }
}

/** Prints the rows as the other benchmarks do. */
export function printWrites(rows: WriteFigures[], latencyMs: number): void {
  console.log(
    `\nWrites (sandbox in its own process, L = ${latencyMs} ms, ${WRITE_CONCURRENCY} requests in flight per change)`,
  );
  console.log(
    '  change                                       │ preview ms  reads │ send ms  writes  ideal  reads after │ ideal ms  send/ideal │ all done',
  );
  for (const r of rows)
    console.log(
      `  ${r.label.padEnd(44)} │ ${String(r.previewMs).padStart(10)} ${String(r.previewRequests).padStart(6)} │ ${String(r.sendMs).padStart(7)} ${String(r.sendWrites).padStart(7)} ${String(r.idealRequests).padStart(6)} ${String(r.sendReads).padStart(12)} │ ${String(r.idealMs).padStart(8)} ${(r.sendMs / r.idealMs).toFixed(2).padStart(10)}× │ ${r.allDone}`,
    );
  console.log(
    '  ideal ms: the writes alone in rounds of the concurrency, at L per round (a give by e-mail sends its first grant alone: it creates the person); send ms also reads the progress back',
  );
}
