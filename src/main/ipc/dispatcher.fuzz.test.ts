import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invokeChannels } from '../../shared/contract';
import { isTapkeyId } from '../../shared/tapkey-id';
import { createAppCore } from '../app-core';
import { createLogger, silentLogger } from '../log';
import { createDispatcher, type Handlers } from './dispatcher';

const SECRET = 'rt-fuzz-secret-0123456789';

describe('IPC payload validation (property-based)', () => {
  it('answers every arbitrary payload on every channel with a well-formed envelope, never throwing or leaking', async () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l), 'debug');
    log.addSecret(SECRET);
    const core = createAppCore({
      appInfo: { name: 'x', version: '1', issuer: '', sandbox: true },
      log,
    });
    const received: Array<[string, unknown[]]> = [];
    // Handlers that record what got through and fail the way a buggy handler might, with a secret inside.
    const handlers = Object.fromEntries(
      invokeChannels.map((c) => [
        c,
        async (...args: unknown[]) => {
          received.push([c, args]);
          throw new Error(`boom ${SECRET}`);
        },
      ]),
    ) as unknown as Handlers;
    const dispatch = createDispatcher({ ...core.handlers, ...handlers }, log);

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...invokeChannels), fc.string()),
        fc.array(fc.anything(), { maxLength: 4 }),
        async (channel, args) => {
          const r = await dispatch(channel, args);
          expect(r.ok).toBe(false);
          if (!r.ok) {
            expect(typeof r.error.code).toBe('string');
            expect(typeof r.error.message).toBe('string');
            expect(JSON.stringify(r)).not.toContain(SECRET);
          }
        },
      ),
      { numRuns: 500 },
    );
    // Whatever reached a handler had passed its schema: ids are short printable strings, settings are objects.
    for (const [channel, args] of received) {
      if (channel === 'tapkey:list-bound-locks' || channel === 'tapkey:get-bound-lock') {
        for (const a of args) expect(isTapkeyId(a)).toBe(true);
      }
      if (channel === 'settings:set') expect(typeof args[0]).toBe('object');
    }
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('refuses an id argument with invalid-id exactly when it is not a safe Tapkey id', async () => {
    const core = createAppCore({
      appInfo: { name: 'x', version: '1', issuer: '', sandbox: true },
      log: silentLogger,
    });
    const reached: string[] = [];
    const dispatch = createDispatcher(
      {
        ...core.handlers,
        'tapkey:list-bound-locks': async (id) => (
          reached.push(id),
          { ownerAccountId: id, locks: [], invalid: [] }
        ),
      },
      silentLogger,
    );
    const pieces = fc.constantFrom(
      '.',
      '..',
      '/',
      '\\',
      '%2F',
      '%5C',
      '%2e',
      'a',
      '0',
      '~',
      '-',
      '_',
      '\u00e9',
      ' ',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(pieces, { minLength: 0, maxLength: 6 }).map((p) => p.join('')),
          fc.string({ maxLength: 210 }),
        ),
        async (id) => {
          const r = await dispatch('tapkey:list-bound-locks', [id]);
          if (isTapkeyId(id)) expect(r).toMatchObject({ ok: true });
          else expect(r).toMatchObject({ ok: false, error: { code: 'invalid-id' } });
        },
      ),
      { numRuns: 1000 },
    );
    expect(
      reached.every((id) => isTapkeyId(id) && id !== '.' && id !== '..' && !/[/\\%]/.test(id)),
    ).toBe(true);
    await core.dispose();
  });
});
