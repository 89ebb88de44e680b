import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const SYSTEM_CHROMIUM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/**
 * Which Chromium the browser tests drive: PLAYWRIGHT_CHROMIUM_PATH if set, else a system Chromium if one is
 * installed, else Playwright's own download (`npx playwright install chromium` on a developer's machine).
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const explicit = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  const executablePath = explicit || SYSTEM_CHROMIUM.find((p) => existsSync(p));
  return {
    ...(executablePath ? { executablePath } : {}),
    // Without these Chromium reaches for update, sync and metrics hosts, which a closed network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  };
}
