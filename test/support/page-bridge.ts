// Runs inside the page in browser journeys: builds `window.tapkey` with the same factory the preload uses,
// over a Playwright binding (or, for benchmarks, HTTP to the harness's server) that reaches the real main-process
// core running in the test's Node process.
import { createTapkeyApi } from '../../src/shared/api';
import type { Result } from '../../src/shared/result';
import { INVOKE_PATH } from './invoke-path';

type Listener = (payload: unknown) => void;
interface HarnessWindow {
  /** The answer, through a Playwright binding (openApp's `answers: 'binding'`). */
  __tapkeyInvoke(channel: string, args: unknown[]): Promise<Result<unknown>>;
  __tapkeyDeliver?: (channel: string, payload: unknown) => void;
  /** Calls go to the harness's server over HTTP instead (openApp's `answers: 'http'`). */
  __tapkeyOverHttp?: boolean;
}

const w = window as unknown as HarnessWindow;
const listeners = new Map<string, Set<Listener>>();
w.__tapkeyDeliver = (channel, payload) => {
  for (const l of listeners.get(channel) ?? []) l(payload);
};

const api = createTapkeyApi({
  invoke: (async (channel: string, ...args: unknown[]) => {
    // Marks on the page's timeline, for the benchmarks' account of where a start's time goes.
    performance.mark(`tapkey:ask:${channel}`);
    const result = w.__tapkeyOverHttp
      ? (JSON.parse(
          await (
            await fetch(INVOKE_PATH, { method: 'POST', body: JSON.stringify({ channel, args }) })
          ).text(),
        ) as Result<unknown>)
      : await w.__tapkeyInvoke(channel, args);
    performance.mark(`tapkey:answer:${channel}`);
    return result;
  }) as never,
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
Object.defineProperty(window, 'tapkey', { value: Object.freeze(api), enumerable: true });
