import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { invokeChannels } from '../../shared/contract';
import { silentLogger } from '../log';
import { registerIpc } from './register';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** Behaves like Electron's ipcMain for handle/removeHandler: one handler per channel, a second handle throws. */
class FakeIpcMain {
  handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(channel: string, frame: Partial<WebFrameMain> | null, ...args: unknown[]) {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h({ senderFrame: frame } as IpcMainInvokeEvent, ...args);
  }
}

describe('registerIpc', () => {
  const trusted = { url: 'app://renderer/index.html' } as WebFrameMain;
  const setup = () => {
    const ipc = new FakeIpcMain();
    const seen: Array<[string, unknown[]]> = [];
    const dispose = registerIpc(
      ipc,
      async (channel, args) => {
        seen.push([channel, args]);
        return { ok: true, value: null };
      },
      (frame) => frame === trusted,
      silentLogger,
    );
    return { ipc, seen, dispose };
  };

  it('registers every contract channel and forwards calls from the trusted frame', async () => {
    const { ipc, seen } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...invokeChannels].sort());
    expect(await ipc.invoke('tapkey:list-bound-locks', trusted, 'o1')).toEqual({
      ok: true,
      value: null,
    });
    expect(seen).toEqual([['tapkey:list-bound-locks', ['o1']]]);
  });

  it('refuses calls from any other frame, or none, without dispatching', async () => {
    const { ipc, seen } = setup();
    for (const frame of [
      { url: 'https://evil.example/' },
      { url: 'app://renderer/index.html' },
      null,
    ]) {
      expect(await ipc.invoke('auth:sign-in', frame)).toMatchObject({
        ok: false,
        error: { code: 'forbidden-sender' },
      });
    }
    expect(seen).toEqual([]);
  });

  it('removes its handlers when disposed, so registering again works', () => {
    const { ipc, dispose } = setup();
    dispose();
    expect(ipc.handlers.size).toBe(0);
    expect(() =>
      registerIpc(
        ipc,
        async () => ({ ok: true, value: null }),
        () => true,
        silentLogger,
      ),
    ).not.toThrow();
  });
});
