// Ids go into URL paths: the API client refuses dot segments and separators before building a URL, so no id can
// point a request (with the user's bearer token) at another resource. Property-based against the sandbox.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  signedInTokenSource,
  type CountingTokenSource,
} from '../../../test/support/test-token-source';
import { isTapkeyId } from '../../shared/tapkey-id';
import { isFailure } from '../errors';
import { silentLogger } from '../log';
import { createTapkeyClient } from './client';
import { useSandbox } from '../../../test/support/sandbox';

const sandbox = useSandbox({ owners: 1, locks: 1, seed: 'ids' });
let tokens: CountingTokenSource;
beforeAll(async () => {
  tokens = await signedInTokenSource(
    sandbox,
    sandbox.users[0]!.username,
    sandbox.users[0]!.password,
  );
});

const client = () =>
  createTapkeyClient({
    apiBaseUrl: sandbox.apiBaseUrl,
    tokens,
    log: silentLogger,
    http: { retryBaseDelayMs: 10, timeoutMs: 2_000, maxAttempts: 1 },
  });

/** The id pieces an attacker would combine: dot segments, both separators, and their percent-encodings. */
const tricky = fc
  .array(
    fc.constantFrom(
      '.',
      '..',
      '/',
      '\\',
      '%2F',
      '%2f',
      '%5C',
      '%5c',
      '%2e',
      'a',
      'Owners',
      '1',
      '?',
      '#',
      ' ',
      '\u0000',
    ),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .map((parts) => parts.join(''));

describe('ids in API paths', () => {
  it('refuses ".", "..", empty ids and separators with invalid-id, before any request', async () => {
    const c = client();
    const owner = sandbox.users[0]!.ownerAccountIds[0]!;
    const before = sandbox.stats.apiRequests();
    for (const bad of [
      '.',
      '..',
      '...',
      '',
      'a/b',
      '../Owners',
      'a\\b',
      'a%2Fb',
      'a%2fb',
      '%5C',
      '..%2F',
      'x'.repeat(201),
    ]) {
      for (const call of [
        () => c.locks.listBoundLocks(bad),
        () => c.locks.getBoundLock(owner, bad),
        () => c.locks.getBoundLock(bad, 'x'),
      ]) {
        const e = await call().then(
          () => null,
          (x: unknown) => x,
        );
        expect(isFailure(e, 'invalid-id'), JSON.stringify(bad)).toBe(true);
      }
    }
    expect(sandbox.stats.apiRequests()).toBe(before);
  });

  it('for any id: either refused with invalid-id and no request, or requested exactly under /Owners/{id}/BoundLocks', async () => {
    const c = client();
    // A list's first page goes with a twin (the same path, `$skip=1&$select=id`) that the 404 cancels, maybe
    // after it arrived, maybe during the next run: runs count pages only, and every twin is checked at the end.
    const page = (pattern: string) => new RegExp(`${pattern}(?<!\\$skip=1&\\$select=id)$`);
    const twin = /^\/api\/v1\/Owners\/[^/?]+\/BoundLocks\?\$top=5000&\$skip=1&\$select=id$/;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          tricky,
          fc.string({ maxLength: 12 }),
          fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/),
        ),
        async (id) => {
          const pages = page('');
          const before = sandbox.stats.apiRequests(pages);
          const e = await c.locks.listBoundLocks(id).then(
            () => null,
            (x: unknown) => x,
          );
          if (!isTapkeyId(id)) {
            expect(isFailure(e, 'invalid-id')).toBe(true);
            expect(sandbox.stats.apiRequests(pages)).toBe(before);
            return;
          }
          // An unknown id is a 404 from the sandbox, but the request went exactly where it should.
          expect(id === '.' || id === '..').toBe(false);
          const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          expect(
            sandbox.stats.apiRequests(page(`^/api/v1/Owners/${escaped}/BoundLocks\\?.*`)),
          ).toBeGreaterThan(0);
          expect(sandbox.stats.apiRequests(pages)).toBe(before + 1);
        },
      ),
      { numRuns: 150 },
    );
    // Every twin went under /Owners/{id}/BoundLocks too, and nowhere else.
    expect(sandbox.stats.apiRequests(twin)).toBeGreaterThan(0);
    expect(sandbox.stats.apiRequests(/\$skip=1&\$select=id$/)).toBe(
      sandbox.stats.apiRequests(twin),
    );
  });
});
