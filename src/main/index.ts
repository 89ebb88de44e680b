// Composition root: the only module that wires Electron to the app's core.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  net,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAppCore } from './app-core';
import { renewalsInFlight, renewalsSettled } from './auth/renewals-in-flight';
import { defaultSessionDir, sessionFiles } from './auth/session-files';
import { createSystemBrowserAgent } from './auth/system-browser-agent';
import { SNAPSHOT_FILE_NAME } from './snapshot/profile-dir';
import { createDispatcher } from './ipc/dispatcher';
import { pushTo } from './ipc/push';
import { registerIpc } from './ipc/register';
import { createLogger } from './log';
import { createLogFileSink } from './log-file';
import { HELP_LINKS } from './windows/help-links';
import {
  APP_HOST,
  APP_SCHEME,
  APP_START_URL,
  RENDERER_CSP,
  resolveAppUrl,
} from './windows/app-protocol';
import { createKeytarKeychain } from './secrets/keytar-keychain';
import { createSafeStorageKeychain, withFallback } from './secrets/safe-storage-keychain';
import { keychainService } from './secrets/service-name';
import { developmentOverrides, PRODUCTION_SETTINGS } from './settings/defaults';
import { openSettingsStore } from './settings/settings-store';
import { appMenuTemplate } from './windows/app-menu';
import { createAuthWindowAgent } from './windows/auth-window';
import { safeExternalUrl } from './windows/external-url';
import { mainWindowOptions } from './windows/main-window';
import { guardWebContents } from './windows/web-contents-guard';
import { mainSessionPolicy } from './windows/session-policy';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'index.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// A throwaway profile for development and end-to-end runs; a packaged build always uses the real one.
if (!app.isPackaged && process.env.TAPKEY_LOCKS_USER_DATA_DIR)
  app.setPath('userData', process.env.TAPKEY_LOCKS_USER_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  // Capped (1 MiB × 3 files), owner-only, and fed lines the logger has already redacted.
  const log = createLogger(
    createLogFileSink({ file: path.join(app.getPath('logs'), 'main.log') }),
    app.isPackaged ? 'info' : 'debug',
  );

  protocol.handle(APP_SCHEME, async (request) => {
    const target = resolveAppUrl(request.url, rendererRoot);
    if (!target) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(target.file).toString());
    return new Response(response.body, {
      status: response.status,
      headers: { 'content-type': target.contentType, 'content-security-policy': RENDERER_CSP },
    });
  });

  let mainWindow: BrowserWindow | null = null;
  const settings = await openSettingsStore({
    file: path.join(app.getPath('userData'), 'settings.json'),
    defaults: PRODUCTION_SETTINGS,
    // `npm start` names a freshly started sandbox; a packaged build ignores these variables.
    overrides: developmentOverrides(process.env, app.isPackaged),
    log,
  });
  const core = createAppCore({
    appInfo: { name: app.getName(), version: app.getVersion() },
    log,
    settings,
    // keytar first; safeStorage only where it is backed by a real OS store (never Linux's basic_text).
    keychain: withFallback(
      createKeytarKeychain({ service: keychainService(process.env, app.isPackaged) }),
      createSafeStorageKeychain({
        safeStorage,
        dir: path.join(app.getPath('userData'), 'secrets'),
        platform: process.platform,
      }),
    ),
    openExternal: (url) => shell.openExternal(url),
    saveDialog: async (request) => {
      // The page suggests a bare file name; it lands in the user's Documents folder unless they pick another.
      const options = {
        ...request,
        defaultPath: path.join(app.getPath('documents'), request.defaultPath),
      };
      const r =
        mainWindow && !mainWindow.isDestroyed()
          ? await dialog.showSaveDialog(mainWindow, options)
          : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    // The profile's own: what this profile's window last showed, readable by the command line's --cached.
    snapshot: { file: path.join(app.getPath('userData'), SNAPSHOT_FILE_NAME), write: true },
    // Beside the keychain entry, not in userData: every profile folder and the CLI share one entry, so one lock.
    sessionFiles: sessionFiles(defaultSessionDir(), keychainService(process.env, app.isPackaged)),
    userAgents: {
      embedded: createAuthWindowAgent({
        electron: {
          createWindow: (options) => new BrowserWindow(options),
          sessionFromPartition: (partition, options) => session.fromPartition(partition, options),
        },
        parent: () => mainWindow,
        log,
        packaged: app.isPackaged,
      }),
      'system-browser': createSystemBrowserAgent({
        log,
        openExternal: async (url) => {
          const safe = safeExternalUrl(url);
          if (!safe) throw new Error('refused to open a non-http(s) authorization URL');
          await shell.openExternal(safe);
        },
      }),
    },
  });
  const handlers = core.handlers;
  const toMainWindow = pushTo(() =>
    mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null,
  );
  core.on('auth:state-changed', (state) => toMainWindow('auth:state-changed', state));
  core.on('writes:changes-changed', (state) => toMainWindow('writes:changes-changed', state));
  // Only our main window's top frame, showing our own page, may call main.
  registerIpc(
    ipcMain,
    createDispatcher(handlers, log),
    (frame) => {
      if (!frame || !mainWindow || frame !== mainWindow.webContents.mainFrame) return false;
      const url = new URL(frame.url);
      return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
    },
    log,
  );

  mainSessionPolicy(session.defaultSession);

  // Menu items that act in the page ask the page: it owns the search box, the selection and the dialogs.
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        appName: app.getName(),
        platform: process.platform,
        development: !app.isPackaged,
        send: (command) => toMainWindow('menu:command', command),
        openHelp: (topic) => void shell.openExternal(HELP_LINKS[topic]),
      }),
    ),
  );

  mainWindow = new BrowserWindow(
    mainWindowOptions(
      preloadPath,
      nativeTheme.shouldUseDarkColors ? '#1b1d21' : '#ffffff',
      app.isPackaged,
    ),
  );
  guardWebContents(mainWindow.webContents, (url) => void shell.openExternal(url), log);
  // Release builds have no developer tools: a user tricked into opening them could read the page's state.
  if (app.isPackaged)
    mainWindow.webContents.on('devtools-opened', () => mainWindow?.webContents.closeDevTools());
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  await mainWindow.loadURL(APP_START_URL);
  log.info('main window loaded');
  // Resume after the window exists, so the renderer sees the state change (the keychain read can take a moment).
  await core.start();

  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  // Quitting during a renewal would lose its answer, which carries the only valid refresh token: wait for it to be
  // stored (within the token request's deadline), then quit for real. Changes still waiting to be sent ask first.
  let waitedForRenewals = false;
  app.on('before-quit', (event) => {
    if (!waitedForRenewals && renewalsInFlight() > 0) {
      event.preventDefault();
      waitedForRenewals = true;
      log.info('waiting for a renewal in flight before quitting');
      void renewalsSettled(90_000).then(() => app.quit());
      return;
    }
    if (quitAsked(event, core.writes)) return;
    void core.dispose();
  });

  /**
   * Quitting with changes still waiting to be sent asks first: send them now, discard them, or stay. Returns true
   * when the quit was held back (it resumes by itself once the changes are sent or dropped).
   */
  function quitAsked(event: { preventDefault(): void }, writes: typeof core.writes): boolean {
    const waiting = writes.pending();
    if (waiting === 0) return false;
    event.preventDefault();
    const options = {
      type: 'question' as const,
      buttons: ['Send now and quit', 'Discard and quit', 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      message: `${waiting === 1 ? 'A change is' : `${waiting} changes are`} waiting to be sent to Tapkey.`,
      detail: 'Discarded changes never reach Tapkey.',
    };
    const choice =
      mainWindow && !mainWindow.isDestroyed()
        ? dialog.showMessageBoxSync(mainWindow, options)
        : dialog.showMessageBoxSync(options);
    if (choice === 2) return true;
    if (choice === 1) writes.discardPending();
    void writes.flush().then(() => app.quit());
    return true;
  }
}
