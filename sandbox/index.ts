import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resourceSpecs } from './api/resources';
import { createProvider } from './auth/provider';
import { MemoryStore } from './auth/memory-adapter';
import { acceptedScopes } from './auth/scopes';
import { resolveBehaviour } from './behaviour';
import { createDataReaders, createSync } from './data-readers';
import { MAX_LOG_ENTRIES } from './data/access-data';
import { Revocations } from './data/revocation';
import { SandboxData } from './data/seed-data';
import { createRandom, randomGuid } from './prng';
import { FaultEngine } from './faults/fault-engine';
import { createRequestHandler } from './server';
import { StatsRecorder } from './stats';
import { Timers } from './timers';
import type { Sandbox, SandboxOptions } from './types';

export type * from './types';
export { DEFAULT_BEHAVIOUR, GUESSED_BEHAVIOUR, SHEET_BEHAVIOUR } from './behaviour';

const DEFAULT_CLIENT_ID = 'tapkey-locks-desktop';
const DEFAULT_REDIRECT_URIS: readonly string[] = ['http://127.0.0.1:8111/callback'];

function count(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

// Listen errors arrive as events, not exceptions: wait for either.
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts a local stand-in for login.tapkey.com and my.tapkey.com on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = String(options.seed ?? 1);
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const redirectUris = [...(options.redirectUris ?? DEFAULT_REDIRECT_URIS)];
  const behaviour = resolveBehaviour(options);
  const data = new SandboxData({
    seed,
    owners: count(options.owners, 3, 'owners'),
    locks: count(options.locks, 12, 'locks'),
    grants: count(options.grants, 8, 'grants'),
    logEntries: Math.min(count(options.logEntries, 300, 'logEntries'), MAX_LOG_ENTRIES),
    behaviour,
  });
  const faults = new FaultEngine(seed, options.latencyMs ?? 0, options.jitterMs ?? 0);
  const stats = new StatsRecorder();
  const timers = new Timers();
  const revocations: Revocations = new Revocations(
    data.access,
    behaviour.rclCapacity,
    () => Date.now(),
    (owner, lockId) => {
      const delay = behaviour.syncLocksAfterMs;
      if (delay !== null) timers.later(() => revocations.syncLock(owner, lockId), delay);
    },
  );
  const ids = createRandom(`${seed}:created`);
  const accept = {
    readContacts: behaviour.acceptReadContacts,
    oidc: behaviour.oidcScopes === 'accept',
  };
  const sync = createSync(data, revocations);
  const store = new MemoryStore();
  const expiredJtis = new Set<string>();
  const log = (message: string): void => {
    if (!options.quiet) console.error(message);
  };

  const readers = createDataReaders(data, revocations);

  // The issuer contains the port, so the provider is built once the port is known; until then requests wait.
  let ready: (
    req: Parameters<ReturnType<typeof createRequestHandler>>[0],
    res: Parameters<ReturnType<typeof createRequestHandler>>[1],
  ) => void = () => {};
  let resolveReady: () => void = () => {};
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
  const server = createServer((req, res) => {
    void readyPromise.then(() => ready(req, res));
  });
  server.keepAliveTimeout = 5_000;
  const port = await listen(server, options.port ?? 0);
  const issuer = `http://${options.issuerHost ?? '127.0.0.1'}:${port}`;

  const provider = createProvider({
    issuer,
    clientId,
    redirectUris,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 30 * 86_400,
    revocation: options.revocation ?? true,
    data,
    store,
    scopes: acceptedScopes(accept),
  });
  const expireAccessTokens = (): void => {
    for (const payload of store.payloads('AccessToken'))
      if (typeof payload.jti === 'string') expiredJtis.add(payload.jti);
  };
  ready = createRequestHandler({
    provider,
    data,
    faults,
    stats,
    timers,
    clientId,
    expiredJtis,
    expireAccessTokens,
    log,
    maxTop: options.maxTop,
    revocations,
    behaviour,
    specs: resourceSpecs(behaviour),
    newId: () => randomGuid(ids),
    sync,
    readers,
    scopeCheck: { issuer, clientId, redirectUris, accept },
  });
  resolveReady();

  return {
    issuer,
    apiBaseUrl: `${issuer}/api/v1/`,
    port,
    clientId,
    redirectUris,
    users: data.users.map((u) => ({
      username: u.username,
      password: u.password,
      ownerAccountIds: u.ownerAccounts.map((o) => o.id),
    })),
    behaviour: { ...behaviour },
    data: readers,
    sync,
    edit: { locks: (ownerAccountId, edit) => data.editLocks(ownerAccountId, edit) },
    faults,
    stats,
    expireAccessTokens,
    async isRefreshTokenActive(refreshToken) {
      const token = await provider.RefreshToken.find(refreshToken).catch(() => undefined);
      if (!token || token.isExpired || token.consumed) return false;
      return (await provider.Grant.find(token.grantId)) !== undefined;
    },
    close() {
      timers.cancelAll();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
