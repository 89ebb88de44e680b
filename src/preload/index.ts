// Sandboxed preload: bundled to one CommonJS file whose only import is `electron`.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createTapkeyApi, type BridgeTransport } from '../shared/api';
import type { Result } from '../shared/result';

const transport: BridgeTransport = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args) as Promise<Result<never>>,
  subscribe: (channel, listener) => {
    // Keep a reference to the exact wrapper so that removeListener removes it.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('tapkey', createTapkeyApi(transport));
