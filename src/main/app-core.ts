import type { EventChannel, EventContract } from '../shared/contract';
import type { AppInfo } from '../shared/model';
import { AppFailure } from './errors';
import type { Handlers } from './ipc/dispatcher';
import type { Logger } from './log';

/** What the core needs from the world; index.ts wires Electron adapters, tests wire real servers and browsers. */
export interface AppCoreDeps {
  appInfo: AppInfo;
  log: Logger;
}

/** The app's main-process core: every IPC handler and the events it pushes, free of Electron. */
export interface AppCore {
  handlers: Handlers;
  /** Subscribes to core events; returns a disposer that removes exactly this listener. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventContract[E]) => void): () => void;
  dispose(): Promise<void>;
}

/** Builds the core from its ports. */
export function createAppCore(deps: AppCoreDeps): AppCore {
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  const notYet = async (): Promise<never> => {
    throw new AppFailure('internal', 'Not available in this build yet.');
  };
  const handlers: Handlers = {
    'app:get-info': async () => deps.appInfo,
    'auth:get-state': async () => ({ status: 'signed-out' }),
    'auth:sign-in': notYet,
    'auth:cancel-sign-in': notYet,
    'auth:sign-out': notYet,
    'tapkey:list-owner-accounts': notYet,
    'tapkey:list-bound-locks': notYet,
    'tapkey:get-bound-lock': notYet,
    'settings:get': notYet,
    'settings:set': notYet,
    'shell:open-external': notYet,
  };
  return {
    handlers,
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const l = listener as (payload: never) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    async dispose() {
      listeners.clear();
    },
  };
}
