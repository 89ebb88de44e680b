// The contract is the only list of channels: registration, the dispatcher's check, window.tapkey's methods and the
// argument schemas all come from it, and what cannot be derived (a handler, a schema) is demanded by the types.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Handlers } from '../main/ipc/dispatcher';
import { createTapkeyApi, type BridgeTransport, type TapkeyApi } from './api';
import {
  eventChannels,
  eventContract,
  invokeChannels,
  invokeContract,
  type EventChannel,
  type InvokeChannel,
} from './contract';
import type { AuthState, BoundLock } from './model';
import type { Result } from './result';
import type { ArgSchemas } from './schemas';

/** A transport that records what the bridge asks of it, as the preload's ipcRenderer glue would carry it. */
function recordingTransport() {
  const invoked: Array<[string, unknown[]]> = [];
  const subscribed: string[] = [];
  const transport: BridgeTransport = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, args]);
      return { ok: true, value: null as never };
    },
    subscribe: (channel) => {
      subscribed.push(channel);
      return () => {};
    },
  };
  return { transport, invoked, subscribed };
}

describe('the IPC contract', () => {
  it('lists every channel once, with a bridge method name of its own', () => {
    expect(invokeChannels).toEqual(Object.keys(invokeContract));
    expect(eventChannels).toEqual(Object.keys(eventContract));
    const methods = [
      ...invokeChannels.map((c) => invokeContract[c].method),
      ...eventChannels.map((e) => eventContract[e].method),
    ];
    expect(new Set(methods).size).toBe(methods.length);
  });

  it('gives window.tapkey exactly one method per channel, calling that channel with the arguments given', async () => {
    const { transport, invoked, subscribed } = recordingTransport();
    const api = createTapkeyApi(transport) as unknown as Record<
      string,
      (...a: unknown[]) => unknown
    >;
    expect(Object.keys(api).sort()).toEqual(
      [
        ...invokeChannels.map((c) => invokeContract[c].method),
        ...eventChannels.map((e) => eventContract[e].method),
      ].sort(),
    );
    for (const channel of invokeChannels) {
      await api[invokeContract[channel].method]!('a', 'b');
      expect(invoked.at(-1)).toEqual([channel, ['a', 'b']]);
    }
    for (const channel of eventChannels) {
      api[eventContract[channel].method]!(() => {});
      expect(subscribed.at(-1)).toBe(channel);
    }
  });

  it('leaves out an omitted optional argument rather than sending undefined', async () => {
    const { transport, invoked } = recordingTransport();
    const api = createTapkeyApi(transport);
    await api.listBoundLocks('owner-1');
    await api.listBoundLocks('owner-1', undefined);
    await api.listBoundLocks('owner-1', { priority: true });
    expect(invoked.map(([, args]) => args)).toEqual([
      ['owner-1'],
      ['owner-1'],
      ['owner-1', { priority: true }],
    ]);
  });

  it('types each bridge method and demands a handler and a schema per channel (checked by npm run typecheck)', () => {
    expectTypeOf<TapkeyApi['getBoundLock']>().parameters.toEqualTypeOf<
      [ownerAccountId: string, boundLockId: string]
    >();
    expectTypeOf<TapkeyApi['getBoundLock']>().returns.resolves.toEqualTypeOf<Result<BoundLock>>();
    expectTypeOf<TapkeyApi['onAuthStateChanged']>()
      .parameter(0)
      .parameter(0)
      .toEqualTypeOf<AuthState>();
    expectTypeOf<InvokeChannel>().toEqualTypeOf<keyof typeof invokeContract>();
    expectTypeOf<EventChannel>().toEqualTypeOf<keyof typeof eventContract>();

    // Each line below must fail the type check; if one compiled, tsc would report the unused directive.
    const handlers = {} as Omit<Handlers, 'auth:sign-out'>;
    // @ts-expect-error a handler table without one of the contract's channels
    const incomplete: Handlers = handlers;
    const schemas = {} as Omit<ArgSchemas, 'tapkey:get-bound-lock'>;
    // @ts-expect-error argument schemas without one of the channels that take arguments
    const unchecked: ArgSchemas = schemas;
    const api = createTapkeyApi(recordingTransport().transport);
    // @ts-expect-error the bridge method takes the contract's arguments
    void api.getBoundLock('owner-1');
    // @ts-expect-error the bridge has no method for a channel outside the contract
    void api.readTokens;
    expect([incomplete, unchecked]).toHaveLength(2);
  });
});
