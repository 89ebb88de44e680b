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
   * - `binding` (the default): a Playwright binding hands each answer to the page value by value (about 1.4 s
   *   for one account of 2,000 locks).
   * - `http`: each call is a POST to the harness's own server, on the page's origin, answered with JSON text
   *   (a few ms for that account, near what Electron's structured clone costs), so timings of a start measure
   *   the app rather than the harness. The app's CSP allows no connection (`connect-src 'none'`), so this needs
   *   a context made with `bypassCSP: true`; only benchmarks use it. Plain data only.
   */
  answers?: 'binding' | 'http';
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
  const answers = options.answers ?? 'binding';
  if (answers === 'http') await page.addInitScript({ content: 'window.__tapkeyOverHttp = true;' });
  else await page.exposeFunction('__tapkeyInvoke', dispatch);
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
  const server = await serveRenderer(
    path.join(root, 'dist/renderer'),
    RENDERER_CSP,
    answers === 'http'
      ? {
          async invoke(body) {
            const { channel, args } = JSON.parse(body) as { channel: string; args: unknown[] };
            return JSON.stringify(await dispatch(channel, args));
          },
        }
      : undefined,
  );
  await page.goto(server.url);
  return {
    async close() {
      for (const d of disposers) d();
      await server.close();
    },
  };
}
