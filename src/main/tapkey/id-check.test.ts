// Every endpoint of every resource, with hostile ids in every position: no request may leave the API path or
// name another resource than the one asked for. The endpoints come from the resources themselves (their probes,
// checked complete against the client), so an endpoint added without the check fails here. The peer is a local
// HTTP server that records each request target exactly as it arrived.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFailure } from '../errors';
import { silentLogger } from '../log';
import { clientProbes, createTapkeyClient, type TapkeyClient } from './client';
import { startLocalServer, type LocalServer } from './http/local-server.fixture';
import { createTapkeyRequest } from './request';
import type { Probe } from './resources/probes';

/** The pieces the brief of every path attack is made of, plain and percent-encoded. */
const HOSTILE = [
  '../..',
  '..',
  '.',
  '%2e%2e',
  '%2E%2E',
  '/',
  '\\',
  '%2F',
  '%5C',
  'a/../b',
  '..\\..',
  '',
];
const OWNER = 'owner-1';
const GOOD = [OWNER, 'lock-1', 'contact-1', 'card-1'];
/** A request target inside the API, every segment a plain name (no separator, no encoding, no dot segment). */
const SAFE_PATH = /^\/api\/v1(\/(?!\.+(\/|$))[A-Za-z0-9._~-]+)+$/;

let server: LocalServer;
// Replaced by the server's address before any request; the endpoints are listed (not called) before that.
let apiBaseUrl = 'http://127.0.0.1:9/api/v1/';
const received: string[] = [];
/** Every request asks for a token first, after its URL passed the checks: this counts requests started. */
let started = 0;
const tokens = {
  getAccessToken: async () => {
    started++;
    return 'test-token';
  },
  refreshAfterUnauthorized: async () => 'test-token',
};

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    received.push(req.url ?? '');
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  apiBaseUrl = `${server.origin}/api/v1/`;
});
afterAll(() => server.close());

/** A fresh client for every call, so no cache hides a request. */
const client = () =>
  createTapkeyClient({
    apiBaseUrl,
    tokens,
    log: silentLogger,
    http: { maxAttempts: 1, timeoutMs: 2_000 },
  });

/** Runs one probe with `ids`; resolves with its failure (null when it succeeded) and the targets it requested. */
async function run(resource: keyof TapkeyClient, probe: Probe<never>, ids: string[]) {
  received.length = 0;
  started = 0;
  const r = client()[resource] as never;
  const error = await Promise.resolve()
    .then(() => probe.call(r, ids, new AbortController().signal))
    .then(
      () => null,
      (e: unknown) => e,
    );
  return { error, targets: [...received], started };
}

const pathOf = (target: string) => target.split('?')[0]!;

/** Every (resource, method, probe) the client has. */
function endpoints(): Array<[keyof TapkeyClient, string, Probe<never>]> {
  const c = client();
  const out: Array<[keyof TapkeyClient, string, Probe<never>]> = [];
  for (const resource of Object.keys(c) as Array<keyof TapkeyClient>) {
    const probes = clientProbes[resource] as Record<string, Probe<never> | 'no-request'>;
    for (const method of Object.keys(c[resource])) {
      const probe = probes[method];
      if (probe !== 'no-request') out.push([resource, method, probe as Probe<never>]);
    }
  }
  return out;
}

describe('ids on every endpoint', () => {
  it('every resource method has a probe, and every probe names a method', () => {
    const c = client();
    expect(Object.keys(clientProbes).sort()).toEqual(Object.keys(c).sort());
    for (const resource of Object.keys(c) as Array<keyof TapkeyClient>)
      expect(Object.keys(clientProbes[resource]).sort(), resource).toEqual(
        Object.keys(c[resource]).sort(),
      );
    expect(endpoints().length).toBeGreaterThanOrEqual(10);
  });

  it.each(endpoints())(
    '%s.%s with good ids reaches the API (so the attacks below are real)',
    async (resource, method, probe) => {
      const { targets } = await run(resource, probe, GOOD.slice(0, probe.ids));
      expect(targets.length, `${resource}.${method}`).toBeGreaterThan(0);
      for (const t of targets) expect(pathOf(t)).toMatch(SAFE_PATH);
    },
  );

  it.each(endpoints())(
    '%s.%s: a hostile id in any position never reaches another path',
    async (resource, method, probe) => {
      for (let slot = 0; slot < probe.ids; slot++) {
        for (const hostile of HOSTILE) {
          const ids = GOOD.slice(0, probe.ids);
          ids[slot] = hostile;
          const { error, targets, started: asked } = await run(resource, probe, ids);
          const where = `${resource}.${method} with ${JSON.stringify(hostile)} as id ${slot}`;
          for (const t of targets) {
            expect(pathOf(t), where).toMatch(SAFE_PATH);
            // With the owner's id intact, everything stays inside that owner account.
            expect(pathOf(t), where).toMatch(new RegExp(`^/api/v1/Owners/${OWNER}/`));
          }
          if (probe.quoted?.includes(slot)) continue;
          // Refused before anything is asked: not even the warm-up of names starts.
          expect(asked, where).toBe(0);
          // Only the warm-up keeps its failures to itself (the lookups that follow report them).
          if (error !== null || resource !== 'holders' || method !== 'warmUp')
            expect(isFailure(error, 'invalid-id'), where).toBe(true);
        }
      }
    },
  );

  it('the write path checks its ids too, before sending anything', async () => {
    const request = createTapkeyRequest({ apiBaseUrl, tokens, log: silentLogger });
    for (const hostile of HOSTILE) {
      received.length = 0;
      for (const path of [
        ['Owners', hostile, 'Grants'],
        ['Owners', OWNER, 'Grants', hostile, 'Revoke'],
      ]) {
        const e = await request
          .send('POST', path, {}, { what: 'a test change', scope: 'write:grants' })
          .then(
            () => null,
            (x: unknown) => x,
          );
        expect(isFailure(e, 'invalid-id'), JSON.stringify(path)).toBe(true);
      }
      expect(received).toEqual([]);
    }
  });
});
