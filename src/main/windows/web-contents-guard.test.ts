import type { Event, HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { safeExternalUrl } from './external-url';
import { guardWebContents, type GuardedContents } from './web-contents-guard';

/** Mimics WebContents: events carry a preventable Event first; one window-open handler decides new windows. */
class FakeContents {
  private listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  private openHandler: ((d: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  on(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(h: (d: HandlerDetails) => WindowOpenHandlerResponse) {
    this.openHandler = h;
  }
  /** Emits like Electron: returns whether a listener called preventDefault. */
  emit(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const e = { preventDefault: () => (prevented = true) } as unknown as Event;
    for (const l of this.listeners.get(event) ?? []) l(e, ...args);
    return prevented;
  }
  windowOpen(url: string): WindowOpenHandlerResponse {
    return this.openHandler
      ? this.openHandler({
          url,
          frameName: '',
          features: '',
          disposition: 'new-window',
          referrer: { url: '', policy: 'default' },
        } as HandlerDetails)
      : { action: 'allow' };
  }
}

describe('web contents guard', () => {
  const setup = () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    guardWebContents(contents as unknown as GuardedContents, (u) => opened.push(u), silentLogger);
    return { contents, opened };
  };

  it('blocks navigation, redirects and webviews', () => {
    const { contents } = setup();
    expect(contents.emit('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.emit('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.emit('will-attach-webview', {}, {})).toBe(true);
  });

  it("denies every new window and sends only https links on Tapkey's hosts to the OS browser", () => {
    const { contents, opened } = setup();
    const allowed = [
      'https://tapkey.com/help',
      'https://portal.tapkey.io/',
      'https://my.tapkey.com/x',
    ];
    const refused = [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'smb://host/share',
      'https://user:pw@x.example/',
      'https://evil.example/',
      'http://tapkey.com/',
      'https://tapkey.com.evil.example/',
      'https://eviltapkey.com/',
    ];
    for (const url of [...allowed, ...refused]) {
      expect(contents.windowOpen(url)).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(allowed);
  });
});

describe('safeExternalUrl', () => {
  it('accepts an https URL as it is', () => {
    expect(safeExternalUrl('https://my.tapkey.com/x?y=1')).toBe('https://my.tapkey.com/x?y=1');
  });

  it.each([
    ['nothing', ''],
    ['another scheme', 'about:blank'],
    ['an OS settings link', 'ms-settings:'],
    ['a space in the host', 'https://a b.com'],
    ['a control character', 'https://x.example/\n'],
    ['3000 characters', 'x'.repeat(3000)],
    ['credentials', 'https://u@x.example'],
  ])('refuses %s', (_what, url) => {
    expect(safeExternalUrl(url)).toBeNull();
  });
});
