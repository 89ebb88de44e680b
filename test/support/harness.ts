import path from 'node:path';
import type { Page } from '@playwright/test';
import { eventChannels } from '../../src/shared/contract';
import type { AppCore } from '../../src/main/app-core';
import { createDispatcher } from '../../src/main/ipc/dispatcher';
import type { Logger } from '../../src/main/log';
import { RENDERER_CSP } from '../../src/main/windows/app-protocol';
import { pageScript, serveRenderer } from './renderer-server';

const root = path.resolve(import.meta.dirname, '..', '..');

let bridgeSource: string | null = null;
function pageBridge(): string {
  bridgeSource ??= pageScript(path.join(root, 'test/support/page-bridge.ts'));
  return bridgeSource;
}

/** How answers cross from the core to the page. */
export interface OpenAppOptions {
  /**
   * Each answer as one JSON string, which the page parses. Playwright hands an object to the page value by
   * value (about 1.4 s for one account of 2,000 locks); a string crosses in one piece, as Electron's structured
   * clone would, so timings of large lists measure the app rather than the harness. Plain data only.
   */
  answersAsJson?: boolean;
}

/**
 * Opens the built renderer in `page` with `window.tapkey` backed by `core` through the same dispatcher
 * (payload validation, Result envelopes) that Electron's ipcMain glue uses.
 */
export async function openApp(
  page: Page,
  core: AppCore,
  log: Logger,
  options: OpenAppOptions = {},
): Promise<{ close(): Promise<void> }> {
  const dispatch = createDispatcher(core.handlers, log);
  await page.exposeFunction('__tapkeyInvoke', async (channel: string, args: unknown[]) =>
    options.answersAsJson ? JSON.stringify(await dispatch(channel, args)) : dispatch(channel, args),
  );
  await page.addInitScript({ content: pageBridge() });
  const disposers = eventChannels.map((channel) =>
    core.on(channel, (payload) => {
      void page
        .evaluate(
          ([c, p]) =>
            (
              globalThis as unknown as { __tapkeyDeliver?: (c: string, p: unknown) => void }
            ).__tapkeyDeliver?.(c, p),
          [channel, payload] as const,
        )
        .catch(() => {});
    }),
  );
  const server = await serveRenderer(path.join(root, 'dist/renderer'), RENDERER_CSP);
  await page.goto(server.url);
  return {
    async close() {
      for (const d of disposers) d();
      await server.close();
    },
  };
}
