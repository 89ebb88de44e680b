// Runs inside the page for the start-to-rows benchmark: `window.tapkey` built with the preload's factory over a
// Playwright binding that carries each answer as one JSON string. The journeys' bridge hands the binding whole
// object graphs, which Playwright serializes value by value: about 1.4 s for one account of 2,000 locks, where
// Electron's IPC (a structured clone) takes milliseconds. A string crosses in one piece, as a clone would.
import { createTapkeyApi } from '../../src/shared/api';

type Listener = (payload: unknown) => void;
interface BridgeGlobal {
  __tapkeyInvokeJson(channel: string, args: string): Promise<string>;
  __tapkeyDeliver?: (channel: string, payload: unknown) => void;
}

const g = globalThis as unknown as BridgeGlobal;
const listeners = new Map<string, Set<Listener>>();
g.__tapkeyDeliver = (channel, payload) => {
  for (const l of listeners.get(channel) ?? []) l(payload);
};

const api = createTapkeyApi({
  invoke: (async (channel: string, ...args: unknown[]) =>
    JSON.parse(await g.__tapkeyInvokeJson(channel, JSON.stringify(args)))) as never,
  subscribe: (channel, listener) => {
    const set = listeners.get(channel) ?? new Set<Listener>();
    listeners.set(channel, set);
    const l = listener as Listener;
    set.add(l);
    return () => {
      set.delete(l);
    };
  },
});
Object.defineProperty(globalThis, 'tapkey', { value: Object.freeze(api), enumerable: true });
