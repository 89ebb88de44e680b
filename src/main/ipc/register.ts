import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { invokeChannels } from '../../shared/contract';
import { fail } from '../../shared/result';
import type { Dispatch } from './dispatcher';
import type { Logger } from '../log';

/** Registers every contract channel on ipcMain; calls from frames other than our main window's are refused. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
  isTrustedFrame: (frame: WebFrameMain | null) => boolean,
  log: Logger,
): () => void {
  for (const channel of invokeChannels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedFrame(event.senderFrame)) {
        log.warn('ipc call from untrusted frame refused', {
          channel,
          url: event.senderFrame?.url ?? null,
        });
        return fail('forbidden-sender', 'This window may not use the app.');
      }
      return dispatch(channel, args);
    });
  }
  return () => {
    for (const channel of invokeChannels) ipcMain.removeHandler(channel);
  };
}
