import { EventEmitter } from 'node:events';
import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  DownloadItem,
  Event,
  Session,
  WebContents,
  WebFrameMain,
} from 'electron';
import { describe, expect, it } from 'vitest';
import type { AuthorizationRequest } from '../auth/user-agent';
import { silentLogger } from '../log';
import { createAuthWindowAgent } from './auth-window';
import { failureOf } from '../failure-of.fixture';

// A fake of the Electron runtime that follows the documented order of a document navigation
// (https://www.electronjs.org/docs/latest/api/web-contents#navigation-events): did-start-navigation,
// will-frame-navigate, will-navigate (renderer-initiated only), then the request (webRequest.onBeforeRequest),
// will-redirect / did-redirect-navigation for each server redirect followed by the redirected request, then
// did-frame-navigate, did-navigate. Subsequent events do not fire once a cancellable one is prevented; a
// cancelled request ends the load with did-fail-load ERR_ABORTED (-3), and loadURL rejects.

type Route =
  | { redirect: string }
  | { title: string }
  | { fail: { code: number; description: string } }
  | { certificateError: string };

class FakeNavigationEvent {
  defaultPrevented = false;
  constructor(
    readonly url: string,
    readonly isMainFrame: boolean,
  ) {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

interface RequestDetails {
  url: string;
  resourceType: string;
}
type BeforeRequest =
  ((details: RequestDetails, cb: (r: { cancel?: boolean }) => void) => void) | null;

type DeviceHandler = Parameters<Session['setDevicePermissionHandler']>[0];
/** Electron's will-download listener, exactly as electron.d.ts declares it for Session.on. */
type WillDownloadListener = (
  event: Event,
  item: DownloadItem,
  webContents: WebContents,
  frame: WebFrameMain | null,
) => void;

class FakeSession {
  beforeRequest: BeforeRequest = null;
  permissionRequest:
    ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  permissionCheck: ((...args: unknown[]) => boolean) | null = null;
  device: DeviceHandler = null;
  readonly downloadListeners: WillDownloadListener[] = [];
  cleared = 0;
  constructor(
    readonly partition: string,
    readonly options?: { cache: boolean },
  ) {}
  readonly webRequest = {
    onBeforeRequest: (listener: BeforeRequest) => {
      this.beforeRequest = listener;
    },
  };
  setPermissionRequestHandler(h: FakeSession['permissionRequest']) {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheck']) {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: DeviceHandler) {
    this.device = h;
  }
  on(event: 'will-download', listener: WillDownloadListener): this {
    if (event === 'will-download') this.downloadListeners.push(listener);
    return this;
  }
  /**
   * What Chromium does when a page starts a download: emits will-download with a preventable event; calling
   * preventDefault cancels it (documented). Resolves true when the download would go ahead.
   */
  download(url: string): boolean {
    let prevented = false;
    const event = { preventDefault: () => (prevented = true) } as unknown as Event;
    const item = { getURL: () => url } as unknown as DownloadItem;
    for (const l of this.downloadListeners) l(event, item, {} as WebContents, null);
    return !prevented;
  }
  async clearStorageData() {
    this.cleared++;
  }
  /** What the network layer does before sending a request: asks webRequest; true when the request may go. */
  request(url: string, resourceType: string): Promise<boolean> {
    const listener = this.beforeRequest;
    if (!listener) return Promise.resolve(true);
    return new Promise((resolve) => listener({ url, resourceType }, (r) => resolve(!r.cancel)));
  }
}

class FakeWebContents extends EventEmitter {
  url = '';
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  constructor(
    private readonly ses: FakeSession,
    private readonly routes: (url: string) => Route,
    private readonly win: FakeWindow,
  ) {
    super();
  }
  getURL() {
    return this.url;
  }
  setWindowOpenHandler(h: FakeWebContents['windowOpenHandler']) {
    this.windowOpenHandler = h;
  }
  loadURL(url: string): Promise<void> {
    return this.navigate(url, false);
  }
  /** A navigation the page starts itself (link, form, location.href). */
  userNavigates(url: string): Promise<void> {
    return this.navigate(url, true).catch(() => {});
  }
  /** A subresource or fetch request of the page. */
  pageRequests(url: string, resourceType = 'xhr'): Promise<boolean> {
    return this.ses.request(url, resourceType);
  }
  private aborted(url: string): Promise<void> {
    this.emit('did-fail-load', {}, -3, 'ERR_ABORTED', url, true, 1, 1);
    return Promise.reject(new Error('ERR_ABORTED (-3)'));
  }
  private async navigate(url: string, rendererInitiated: boolean): Promise<void> {
    if (this.win.isDestroyed()) return;
    this.emit('did-start-navigation', new FakeNavigationEvent(url, true));
    const frameNav = new FakeNavigationEvent(url, true);
    this.emit('will-frame-navigate', frameNav);
    if (frameNav.defaultPrevented) return this.aborted(url);
    if (rendererInitiated) {
      const e = new FakeNavigationEvent(url, true);
      this.emit('will-navigate', e, url);
      if (e.defaultPrevented) return this.aborted(url);
    }
    let current = url;
    for (let hop = 0; hop < 10; hop++) {
      if (!(await this.ses.request(current, 'mainFrame'))) return this.aborted(current);
      const route = this.routes(current);
      if ('certificateError' in route) {
        const trusted = await new Promise<boolean>((resolve) =>
          this.emit('certificate-error', {}, current, route.certificateError, {}, resolve, true),
        );
        if (!trusted) {
          this.emit('did-fail-load', {}, -202, 'ERR_CERT_AUTHORITY_INVALID', current, true, 1, 1);
          return Promise.reject(new Error('ERR_CERT_AUTHORITY_INVALID'));
        }
        return;
      }
      if ('fail' in route) {
        this.emit(
          'did-fail-load',
          {},
          route.fail.code,
          route.fail.description,
          current,
          true,
          1,
          1,
        );
        return Promise.reject(new Error(route.fail.description));
      }
      if ('redirect' in route) {
        const e = new FakeNavigationEvent(route.redirect, true);
        this.emit('will-redirect', e, route.redirect);
        if (e.defaultPrevented) return this.aborted(route.redirect);
        this.emit('did-redirect-navigation', new FakeNavigationEvent(route.redirect, true));
        current = route.redirect;
        continue;
      }
      this.url = current;
      this.emit('did-frame-navigate', {}, current, 200, 'OK', true, 1, 1);
      this.emit('did-navigate', {}, current, 200, 'OK');
      const titleEvent = new FakeNavigationEvent(current, true);
      this.emit('page-title-updated', titleEvent, route.title, true);
      if (!titleEvent.defaultPrevented) this.win.setTitle(route.title);
      this.emit('did-finish-load');
      this.win.emit('ready-to-show');
      return;
    }
  }
}

class FakeWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  title: string;
  shown = false;
  private destroyed = false;
  constructor(
    readonly options: BrowserWindowConstructorOptions,
    ses: FakeSession,
    routes: (url: string) => Route,
  ) {
    super();
    this.title = options.title ?? '';
    this.webContents = new FakeWebContents(ses, routes, this);
  }
  setTitle(t: string) {
    this.title = t;
  }
  show() {
    this.shown = true;
  }
  minimized = false;
  focused = false;
  menuRemoved = false;
  removeMenu() {
    this.menuRemoved = true;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  focus() {
    this.focused = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Like the user clicking the close button: 'close', then 'closed'. */
  close() {
    if (this.destroyed) return;
    this.emit('close', new FakeNavigationEvent('', true));
    this.destroy();
  }
  /** Force-closes without 'close' (documented), emits 'closed'. */
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

const ISSUER = 'https://login.example';
const REDIRECT = 'http://127.0.0.1:8111/callback';
const AUTHORIZE = `${ISSUER}/connect/authorize?client_id=app&state=s1`;
const CALLBACK = `${REDIRECT}?code=the-code&state=s1&iss=${encodeURIComponent(ISSUER)}`;

function setup(
  routes: (url: string) => Route = (url) =>
    url.startsWith(ISSUER)
      ? { title: 'Log in' }
      : { fail: { code: -105, description: 'ERR_NAME_NOT_RESOLVED' } },
  packaged = true,
) {
  const windows: FakeWindow[] = [];
  const sessions: FakeSession[] = [];
  const agent = createAuthWindowAgent({
    log: silentLogger,
    packaged,
    electron: {
      createWindow: (options) => {
        const partition = options.webPreferences?.partition ?? '';
        const ses = sessions.find((s) => s.partition === partition);
        if (!ses) throw new Error('window created for a partition without a session');
        const w = new FakeWindow(options, ses, routes);
        windows.push(w);
        return w as unknown as BrowserWindow;
      },
      sessionFromPartition: (partition, options) => {
        const s = new FakeSession(partition, options);
        sessions.push(s);
        return s as unknown as Session;
      },
    },
  });
  const controller = new AbortController();
  const request = (over: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
    url: AUTHORIZE,
    redirectUri: REDIRECT,
    allowedOrigins: [ISSUER],
    timeoutMs: 60_000,
    signal: controller.signal,
    ...over,
  });
  return { agent, windows, sessions, controller, request };
}

/** The URLs `session` is asked to send from now on (each still goes through webRequest as before). */
function requestsOf(session: FakeSession): string[] {
  const requested: string[] = [];
  const original = session.request.bind(session);
  session.request = (url, type) => (requested.push(url), original(url, type));
  return requested;
}

/** Resolves once the window finished its first load (the login page is up). */
const loaded = (w: FakeWindow) =>
  new Promise<void>((resolve) => (w.shown ? resolve() : w.once('ready-to-show', () => resolve())));

describe('embedded auth window (Electron adapter against a fake following the documented event order)', () => {
  it('opens a hardened window in a fresh in-memory partition, with no preload, showing the origin', async () => {
    const { agent, windows, sessions, request } = setup((url) =>
      url === CALLBACK
        ? { title: 'x' }
        : url.startsWith(ISSUER)
          ? { title: 'Log in – Evil Corp' }
          : { title: '' },
    );
    const result = agent.authorize(request());
    const w = windows[0]!;
    await loaded(w);
    const prefs = w.options.webPreferences!;
    expect(prefs.preload).toBeUndefined();
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(prefs.partition).toMatch(/^tapkey-auth-/);
    expect(prefs.partition!.startsWith('persist:')).toBe(false);
    expect(sessions[0]!.options).toEqual({ cache: false });
    // The page cannot rename the window: the title always names the origin the user is typing into.
    expect(w.title).toBe(`Sign in – ${ISSUER}`);
    expect(w.shown).toBe(true);
    expect(w.menuRemoved).toBe(true);
    // window.open and every permission are refused.
    expect(w.webContents.windowOpenHandler!({ url: 'https://popup.example' })).toEqual({
      action: 'deny',
    });
    const granted = await new Promise<boolean>((resolve) =>
      sessions[0]!.permissionRequest!({}, 'media', resolve),
    );
    expect(granted).toBe(false);
    expect(sessions[0]!.permissionCheck!({}, 'geolocation', ISSUER, {})).toBe(false);
    w.close();
    await result.catch(() => {});
  });

  it('refuses device requests (USB, HID, serial) and cancels downloads the sign-in pages start', async () => {
    const { agent, windows, sessions, request } = setup();
    const result = agent.authorize(request());
    await loaded(windows[0]!);
    const ses = sessions[0]!;
    for (const deviceType of ['usb', 'hid', 'serial'] as const) {
      expect(
        ses.device!({ deviceType, origin: ISSUER, device: {} } as unknown as Parameters<
          NonNullable<DeviceHandler>
        >[0]),
        deviceType,
      ).toBe(false);
    }
    expect(ses.downloadListeners.length).toBeGreaterThan(0);
    expect(ses.download(`${ISSUER}/malware.exe`)).toBe(false);
    windows[0]!.close();
    await result.catch(() => {});
  });

  it('has no developer tools in a packaged build, and keeps them in development', async () => {
    for (const packaged of [true, false]) {
      const { agent, windows, request } = setup(undefined, packaged);
      const result = agent.authorize(request());
      await loaded(windows[0]!);
      expect(windows[0]!.options.webPreferences!.devTools, String(packaged)).toBe(!packaged);
      windows[0]!.close();
      await result.catch(() => {});
    }
  });

  it('"Show sign-in window" restores and focuses the running attempt\'s window, and nothing once it is closed', async () => {
    const { agent, windows, request } = setup();
    expect(agent.bringToFront!()).toBe(false);
    const result = agent.authorize(request());
    const w = windows[0]!;
    await loaded(w);
    w.minimized = true;
    expect(agent.bringToFront!()).toBe(true);
    expect(w.minimized).toBe(false);
    expect(w.focused).toBe(true);
    w.close();
    await result.catch(() => {});
    expect(agent.bringToFront!()).toBe(false);
  });

  it('captures the server redirect to the callback, prevents it, closes the window and clears the partition', async () => {
    const consentDone = `${ISSUER}/interaction/abc/consent`;
    const { agent, windows, sessions, request } = setup((url) =>
      url === consentDone
        ? { redirect: CALLBACK }
        : url.startsWith(ISSUER)
          ? { title: 'Consent' }
          : { fail: { code: -102, description: 'ERR_CONNECTION_REFUSED' } },
    );
    const result = agent.authorize(request());
    const w = windows[0]!;
    await loaded(w);
    const requested = requestsOf(sessions[0]!);
    let failedLoads = 0;
    w.webContents.on('did-fail-load', () => failedLoads++);
    await w.webContents.userNavigates(consentDone);
    expect(await result).toBe(CALLBACK);
    // will-redirect was prevented: the callback request was never made, and the ERR_ABORTED that follows is not an error.
    expect(requested).toEqual([consentDone]);
    expect(failedLoads).toBe(1);
    expect(w.isDestroyed()).toBe(true);
    await expect.poll(() => sessions[0]!.cleared).toBe(1);
    expect(sessions[0]!.beforeRequest).toBeNull();
  });

  it('cancels any other request to the callback in webRequest, so the code never reaches the network', async () => {
    const { agent, windows, request } = setup();
    const result = agent.authorize(request());
    const w = windows[0]!;
    await loaded(w);
    const allowedToGo = await w.webContents.pageRequests(CALLBACK, 'image');
    expect(allowedToGo).toBe(false);
    expect(await result).toBe(CALLBACK);
  });

  it('treats the user closing the window as "cancelled"', async () => {
    const { agent, windows, request } = setup();
    const result = agent.authorize(request());
    await loaded(windows[0]!);
    windows[0]!.close();
    expect((await failureOf(result)).code).toBe('sign-in-cancelled');
  });

  it('blocks a foreign navigation (prevented before any request) and ends the attempt', async () => {
    const { agent, windows, sessions, request } = setup();
    const result = agent.authorize(request());
    const w = windows[0]!;
    await loaded(w);
    const requested = requestsOf(sessions[0]!);
    await w.webContents.userNavigates('https://evil.example/login');
    const f = await failureOf(result);
    expect(f.code).toBe('sign-in-failed');
    expect(f.message).toContain('evil.example');
    expect(requested).toEqual([]);
    expect(w.isDestroyed()).toBe(true);
  });

  it('blocks a server redirect to a foreign origin', async () => {
    const { agent, windows, request } = setup((url) =>
      url.startsWith(`${ISSUER}/federated`)
        ? { redirect: 'https://idp.example/auth' }
        : { title: 'Log in' },
    );
    const result = agent.authorize(request());
    await loaded(windows[0]!);
    await windows[0]!.webContents.userNavigates(`${ISSUER}/federated`);
    expect((await failureOf(result)).message).toContain('idp.example');
  });

  it('never trusts a bad certificate', async () => {
    const { agent, request } = setup(() => ({
      certificateError: 'net::ERR_CERT_AUTHORITY_INVALID',
    }));
    const f = await failureOf(agent.authorize(request()));
    expect(f.code).toBe('sign-in-failed');
    expect(f.message).toMatch(/certificate/);
  });

  it('reports a page that cannot load as a network problem', async () => {
    const { agent, request } = setup(() => ({
      fail: { code: -105, description: 'ERR_NAME_NOT_RESOLVED' },
    }));
    const f = await failureOf(agent.authorize(request()));
    expect(f.code).toBe('network');
    expect(f.message).toContain('ERR_NAME_NOT_RESOLVED');
  });

  it('ends a stalled attempt at its time limit and when the app cancels it', async () => {
    const a = setup();
    const timedOut = a.agent.authorize(a.request({ timeoutMs: 50 }));
    expect((await failureOf(timedOut)).code).toBe('sign-in-timeout');
    expect(a.windows[0]!.isDestroyed()).toBe(true);

    const b = setup();
    const cancelled = b.agent.authorize(b.request());
    await loaded(b.windows[0]!);
    b.controller.abort();
    expect((await failureOf(cancelled)).code).toBe('sign-in-cancelled');
    expect(b.windows[0]!.isDestroyed()).toBe(true);
  });

  it('uses a different partition for every attempt', async () => {
    const { agent, windows, request } = setup();
    for (let i = 0; i < 2; i++) {
      const r = agent.authorize(request());
      await loaded(windows[i]!);
      windows[i]!.close();
      await r.catch(() => {});
    }
    expect(windows[0]!.options.webPreferences!.partition).not.toBe(
      windows[1]!.options.webPreferences!.partition,
    );
  });
});
