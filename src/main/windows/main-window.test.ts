import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from './main-window';

describe('main window options', () => {
  it('turns on every isolation switch and points at the sandboxed preload', () => {
    const prefs = mainWindowOptions('/app/dist/preload/index.cjs', '#fff', true).webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has no developer tools in a packaged build and keeps them in development', () => {
    expect(mainWindowOptions('/p.cjs', '#fff', true).webPreferences!.devTools).toBe(false);
    expect(mainWindowOptions('/p.cjs', '#fff', false).webPreferences!.devTools).toBe(true);
  });
});
