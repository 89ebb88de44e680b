import type { Event } from 'electron';
import { describe, expect, it } from 'vitest';
import { denyEverything, mainSessionPolicy, type PolicySession } from './session-policy';

/** Stores handlers the way Electron's Session does and lets the test play Chromium asking for permissions. */
class FakeSession {
  request:
    | ((
        wc: unknown,
        permission: string,
        callback: (granted: boolean) => void,
        details: unknown,
      ) => void)
    | null = null;
  check: ((wc: unknown, permission: string, origin: string, details: unknown) => boolean) | null =
    null;
  device: ((details: unknown) => boolean) | null = null;
  listeners = new Map<string, Array<(event: Event, ...args: unknown[]) => void>>();
  setPermissionRequestHandler(h: FakeSession['request']) {
    this.request = h;
  }
  setPermissionCheckHandler(h: FakeSession['check']) {
    this.check = h;
  }
  setDevicePermissionHandler(h: FakeSession['device']) {
    this.device = h;
  }
  on(event: string, l: (event: Event, ...args: unknown[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    return this;
  }
}

// Permissions no page of ours is given, whichever session it runs in (reading the clipboard among them).
const REFUSED_PERMISSIONS = [
  'clipboard-read',
  'media',
  'notifications',
  'geolocation',
  'openExternal',
  'hid',
  'serial',
  'fullscreen',
];

describe('session policy', () => {
  it('refuses every permission request, check and device request, and cancels downloads', () => {
    const s = new FakeSession();
    denyEverything(s as unknown as PolicySession);
    for (const permission of REFUSED_PERMISSIONS) {
      let granted: boolean | null = null;
      s.request!(null, permission, (g) => (granted = g), {});
      expect(granted, permission).toBe(false);
      expect(s.check!(null, permission, 'app://renderer', {}), permission).toBe(false);
    }
    expect(s.device!({ deviceType: 'usb' })).toBe(false);
    let prevented = false;
    for (const l of s.listeners.get('will-download') ?? [])
      l({ preventDefault: () => (prevented = true) } as unknown as Event);
    expect(prevented).toBe(true);
  });

  /** Plays Chromium asking the session for `permission` from a frame at `url`: the request's answer and the check's. */
  const ask = (s: FakeSession, permission: string, url: string, origin = url) => {
    let granted: boolean | null = null;
    s.request!(null, permission, (g) => (granted = g), { requestingUrl: url, isMainFrame: true });
    return {
      request: granted,
      check: s.check!(null, permission, origin, { requestingUrl: url, isMainFrame: true }),
    };
  };

  it('lets the main window’s own page write to the clipboard, and nothing else', () => {
    const s = new FakeSession();
    mainSessionPolicy(s as unknown as PolicySession);
    // Electron hands the check an origin, with or without a trailing slash, and the request the frame's URL.
    expect(
      ask(s, 'clipboard-sanitized-write', 'app://renderer/index.html', 'app://renderer'),
    ).toEqual({ request: true, check: true });
    expect(
      ask(s, 'clipboard-sanitized-write', 'app://renderer/index.html', 'app://renderer/'),
    ).toEqual({ request: true, check: true });
    // Reading the clipboard, and every other permission, stays refused for our own page.
    for (const permission of REFUSED_PERMISSIONS) {
      expect(ask(s, permission, 'app://renderer/index.html'), permission).toEqual({
        request: false,
        check: false,
      });
    }
    expect(s.device!({ deviceType: 'usb' })).toBe(false);
  });

  it('refuses the clipboard to any other origin, including look-alikes of ours', () => {
    const s = new FakeSession();
    mainSessionPolicy(s as unknown as PolicySession);
    for (const url of [
      'https://login.tapkey.com/',
      'http://127.0.0.1:5173/index.html',
      'file:///tmp/index.html',
      'app://renderer.example.com/index.html',
      'app://evil/renderer',
      'app://renderer@evil/index.html',
      'app://user@renderer/index.html',
      'app://renderer:8080/index.html',
      'apps://renderer/index.html',
      'null',
      '',
    ]) {
      expect(ask(s, 'clipboard-sanitized-write', url), url).toEqual({
        request: false,
        check: false,
      });
    }
    let granted: boolean | null = null;
    s.request!(null, 'clipboard-sanitized-write', (g) => (granted = g), { isMainFrame: true });
    expect(granted, 'a request without a URL').toBe(false);
  });
});
