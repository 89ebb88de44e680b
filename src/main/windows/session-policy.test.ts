import type { Event } from 'electron';
import { describe, expect, it } from 'vitest';
import { denyEverything, type PolicySession } from './session-policy';

/** Stores handlers the way Electron's Session does and lets the test play Chromium asking for permissions. */
class FakeSession {
  request: ((wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null = null;
  check: ((wc: unknown, permission: string, origin: string, details: unknown) => boolean) | null = null;
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

describe('session policy', () => {
  it('refuses every permission request, check and device request, and cancels downloads', () => {
    const s = new FakeSession();
    denyEverything(s as unknown as PolicySession);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'hid', 'serial']) {
      let granted: boolean | null = null;
      s.request!(null, permission, (g) => (granted = g), {});
      expect(granted, permission).toBe(false);
      expect(s.check!(null, permission, 'app://renderer', {}), permission).toBe(false);
    }
    expect(s.device!({ deviceType: 'usb' })).toBe(false);
    let prevented = false;
    for (const l of s.listeners.get('will-download') ?? []) l({ preventDefault: () => (prevented = true) } as unknown as Event);
    expect(prevented).toBe(true);
  });
});
