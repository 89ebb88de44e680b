import {
  eventChannels,
  eventContract,
  invokeChannels,
  invokeContract,
  type ArgsOf,
  type EventChannel,
  type EventContract,
  type InvokeChannel,
  type ResultOf,
} from './contract';
import type { Result } from './result';

/** How the bridge reaches main: Electron's ipcRenderer in the app, a test harness binding in browser journeys. */
export interface BridgeTransport {
  invoke<C extends InvokeChannel>(channel: C, ...args: ArgsOf<C>): Promise<Result<ResultOf<C>>>;
  /** Subscribes to an event; the returned function unsubscribes exactly this listener. */
  subscribe<E extends EventChannel>(
    channel: E,
    listener: (payload: EventContract[E]) => void,
  ): () => void;
}

/** The renderer's view of main: one intent-named method per contract channel, named by the contract. */
export type TapkeyApi = {
  readonly [C in InvokeChannel as (typeof invokeContract)[C]['method']]: (
    ...args: ArgsOf<C>
  ) => Promise<Result<ResultOf<C>>>;
} & {
  /** Subscribes to a push from main; returns a disposer that removes exactly this listener. */
  readonly [E in EventChannel as (typeof eventContract)[E]['method']]: (
    listener: (payload: EventContract[E]) => void,
  ) => () => void;
};

/** Builds the intent-named API the renderer sees as `window.tapkey`, one method per contract channel. */
export function createTapkeyApi(t: BridgeTransport): TapkeyApi {
  const api: Record<string, unknown> = {};
  for (const channel of invokeChannels) {
    api[invokeContract[channel].method] = (...args: unknown[]) => {
      // An omitted optional argument is not sent at all: IPC and the journeys' JSON bridge would turn it into a value.
      while (args.length > 0 && args.at(-1) === undefined) args.pop();
      return t.invoke(channel, ...(args as ArgsOf<typeof channel>));
    };
  }
  for (const channel of eventChannels) {
    api[eventContract[channel].method] = (
      listener: (payload: EventContract[typeof channel]) => void,
    ) => t.subscribe(channel, listener);
  }
  return api as TapkeyApi;
}
