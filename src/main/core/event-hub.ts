import type { EventChannel, EventContract } from '../../shared/contract';

/** The core's events (what main pushes to the window), typed by the contract. */
export function createEventHub() {
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  return {
    /** Hands `payload` to every listener of `channel`. */
    emit<E extends EventChannel>(channel: E, payload: EventContract[E]): void {
      for (const l of [...(listeners.get(channel) ?? [])])
        (l as (p: EventContract[E]) => void)(payload);
    },
    /** Subscribes; returns a disposer that removes exactly this listener. */
    on<E extends EventChannel>(
      channel: E,
      listener: (payload: EventContract[E]) => void,
    ): () => void {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const l = listener as (payload: never) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    clear(): void {
      listeners.clear();
    },
  };
}
