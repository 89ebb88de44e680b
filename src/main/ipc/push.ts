import type { WebContents } from 'electron';
import type { EventChannel, EventContract } from '../../shared/contract';

/** What a push needs of a page: Electron's WebContents, or a stand-in with the same two methods. */
export type PushTarget = Pick<WebContents, 'send' | 'isDestroyed'>;

/** Sends one contract event to the page; the payload's type is the contract's for that channel. */
export type Push = <E extends EventChannel>(channel: E, payload: EventContract[E]) => void;

/**
 * The typed `send` for pushes from main to the page the target names at the time of the push (none: dropped).
 * The only module that may call `webContents.send` (lint rule tapkey/no-untyped-ipc), so every push is checked
 * against the contract's events.
 */
export function pushTo(target: () => PushTarget | null | undefined): Push {
  return (channel, payload) => {
    const page = target();
    if (page && !page.isDestroyed()) page.send(channel, payload);
  };
}
