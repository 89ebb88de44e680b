import { randomUUID } from 'node:crypto';
import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import { decideNavigation, foreignOriginMessage, type LoadKind } from '../auth/navigation-policy';
import type { AuthorizationRequest, UserAgent } from '../auth/user-agent';
import { AppFailure } from '../errors';
import type { Logger } from '../log';
import { hardenedWebPreferences } from './main-window';
import { denyEverything } from './session-policy';
import { SIGN_IN_CANCELLED } from '../messages';

/** The two Electron factories the auth window needs; index.ts passes the real ones, tests a fake. */
interface AuthWindowElectron {
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow;
  /** `session.fromPartition`. */
  sessionFromPartition(partition: string, options?: { cache: boolean }): Session;
}

/** Options for the embedded sign-in window. */
export interface AuthWindowOptions {
  electron: AuthWindowElectron;
  log: Logger;
  /** The window the sign-in window belongs to (stays on top of it). */
  parent?: () => BrowserWindow | null;
  /** `app.isPackaged`: a packaged build's sign-in window has no developer tools; development keeps them. */
  packaged: boolean;
}

/** Chromium's net::ERR_ABORTED: what a load reports after we cancelled its request ourselves. */
const ERR_ABORTED = -3;

/** The sign-in window's options: its own partition, no preload, sandboxed, nothing that could reach Node. */
function authWindowOptions(
  partition: string,
  parent: BrowserWindow | null,
  packaged: boolean,
): BrowserWindowConstructorOptions {
  return {
    width: 520,
    height: 720,
    minWidth: 360,
    minHeight: 480,
    show: false,
    title: 'Sign in',
    autoHideMenuBar: true,
    ...(parent ? { parent } : {}),
    // No preload: the sign-in pages get no bridge to the app at all.
    // Developer tools only in development: in a release they would let a tricked user read the sign-in page.
    webPreferences: { ...hardenedWebPreferences, partition, devTools: !packaged },
  };
}

function originLabel(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : '';
  } catch {
    return '';
  }
}

/**
 * The embedded sign-in window (the default user agent). Every attempt gets a fresh in-memory partition
 * (no "persist:" prefix), so no cookie or password outlives it. The redirect to the callback URI is caught
 * in main — on will-navigate / will-redirect / will-frame-navigate and, as the backstop for any other
 * request, in webRequest.onBeforeRequest — and cancelled, so the code never reaches the network.
 */
export function createAuthWindowAgent(options: AuthWindowOptions): UserAgent {
  const { electron, log } = options;
  const live = new Set<Session>();
  // The window of the running attempt, for "Show sign-in window".
  let current: BrowserWindow | null = null;

  return {
    mode: 'embedded',
    async clearData() {
      await Promise.all([...live].map((s) => s.clearStorageData()));
    },
    bringToFront() {
      if (!current || current.isDestroyed()) return false;
      if (current.isMinimized()) current.restore();
      current.show();
      current.focus();
      return true;
    },
    authorize(req: AuthorizationRequest): Promise<string> {
      if (req.signal.aborted)
        return Promise.reject(new AppFailure('sign-in-cancelled', SIGN_IN_CANCELLED));
      const partition = `tapkey-auth-${randomUUID()}`;
      const ses = electron.sessionFromPartition(partition, { cache: false });
      live.add(ses);
      // The same policy as the app's own session: no permission, no device (USB, HID, serial), no download.
      denyEverything(ses);

      return new Promise<string>((resolve, reject) => {
        let settled = false;
        // Assigned below; declared first so an early event can still settle cleanly.
        let win: BrowserWindow | null = null;
        let timer: NodeJS.Timeout | undefined = undefined;
        const onAbort = () => fail(new AppFailure('sign-in-cancelled', SIGN_IN_CANCELLED));

        const cleanup = () => {
          clearTimeout(timer);
          req.signal.removeEventListener('abort', onAbort);
          ses.webRequest.onBeforeRequest(null);
          if (current === win) current = null;
          if (win && !win.isDestroyed()) win.destroy();
          void ses
            .clearStorageData()
            .catch((e: unknown) => log.warn('could not clear the sign-in partition', { error: e }))
            .finally(() => live.delete(ses));
        };
        const succeed = (url: string) => {
          if (settled) return;
          settled = true;
          cleanup();
          resolve(url);
        };
        function fail(e: AppFailure) {
          if (settled) return;
          settled = true;
          cleanup();
          reject(e);
        }
        /** Applies the shared policy to a navigation event; true when it was stopped. */
        const guard = (event: { preventDefault(): void }, url: string, kind: LoadKind): void => {
          const d = decideNavigation(url, kind, req);
          if (d.action === 'allow') return;
          event.preventDefault();
          if (d.action === 'callback') succeed(d.url);
          else {
            log.warn('sign-in window blocked a foreign navigation', { origin: d.origin });
            fail(new AppFailure('sign-in-failed', foreignOriginMessage(d.origin)));
          }
        };

        ses.webRequest.onBeforeRequest((details, callback) => {
          const kind: LoadKind =
            details.resourceType === 'mainFrame' || details.resourceType === 'subFrame'
              ? 'document'
              : 'subresource';
          const d = decideNavigation(details.url, kind, req);
          if (d.action === 'allow') {
            callback({});
            return;
          }
          callback({ cancel: true });
          if (d.action === 'callback') succeed(d.url);
          else fail(new AppFailure('sign-in-failed', foreignOriginMessage(d.origin)));
        });

        const w = electron.createWindow(
          authWindowOptions(partition, options.parent?.() ?? null, options.packaged),
        );
        win = w;
        current = w;
        // No app menu here: its shortcuts (Find, Refresh, Export…) act on the main window, not on Tapkey's page.
        w.removeMenu();
        const wc = w.webContents;
        const showOrigin = (url: string) => {
          const origin = originLabel(url);
          // The origin in the title is the user's only address bar: they can see where they type their password.
          if (!w.isDestroyed()) w.setTitle(origin ? `Sign in – ${origin}` : 'Sign in');
        };
        wc.setWindowOpenHandler(() => ({ action: 'deny' }));
        wc.on('will-navigate', (event) => guard(event, event.url, 'document'));
        wc.on('will-redirect', (event) => guard(event, event.url, 'document'));
        wc.on('will-frame-navigate', (event) => {
          if (!event.isMainFrame) guard(event, event.url, 'document');
        });
        wc.on('did-navigate', (_event, url) => showOrigin(url));
        wc.on('page-title-updated', (event) => {
          event.preventDefault();
          showOrigin(wc.getURL());
        });
        wc.on('certificate-error', (_event, url, error, _certificate, callback) => {
          // Never trusted: the default would refuse too, but saying so explicitly keeps it that way.
          callback(false);
          log.warn('sign-in window refused a certificate', { origin: originLabel(url), error });
          fail(
            new AppFailure(
              'sign-in-failed',
              `The security certificate of ${originLabel(url) || 'the sign-in server'} is not valid (${error}). Sign-in was stopped.`,
            ),
          );
        });
        wc.on('did-fail-load', (_event, errorCode, errorDescription, _url, isMainFrame) => {
          if (!isMainFrame || errorCode === ERR_ABORTED) return;
          fail(
            new AppFailure(
              'network',
              `The sign-in page could not be loaded (${errorDescription}). Check your connection and try again.`,
            ),
          );
        });
        wc.on('render-process-gone', (_event, details) => {
          fail(
            new AppFailure(
              'sign-in-failed',
              `The sign-in window stopped unexpectedly (${details.reason}). Please try again.`,
            ),
          );
        });
        w.once('ready-to-show', () => w.show());
        w.on('closed', () => fail(new AppFailure('sign-in-cancelled', SIGN_IN_CANCELLED)));
        timer = setTimeout(
          () =>
            fail(
              new AppFailure(
                'sign-in-timeout',
                'Sign-in took too long and was stopped. Please try again.',
              ),
            ),
          req.timeoutMs,
        );
        req.signal.addEventListener('abort', onAbort, { once: true });
        showOrigin(req.url);
        // Load failures are reported through did-fail-load; the promise only repeats them.
        wc.loadURL(req.url).catch(() => {});
      });
    },
  };
}
