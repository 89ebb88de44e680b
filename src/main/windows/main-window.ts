import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The isolation switches every window of the app gets, set explicitly rather than trusted to defaults: sandboxed,
 * context-isolated, no Node anywhere, web security on, no webviews, dialogs that a page cannot spam.
 */
export const hardenedWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
} as const satisfies WebPreferences;

/**
 * The main window's options: every security switch set explicitly rather than trusted to defaults. `packaged`
 * is `app.isPackaged`: a release has no developer tools (a user tricked into opening them could read the
 * page's state); development keeps them.
 */
export function mainWindowOptions(
  preloadPath: string,
  backgroundColor: string,
  packaged: boolean,
): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Tapkey Locks',
    backgroundColor,
    webPreferences: { ...hardenedWebPreferences, preload: preloadPath, devTools: !packaged },
  };
}
