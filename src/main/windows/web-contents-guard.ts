import type { WebContents } from 'electron';
import type { Logger } from '../log';
import { safeExternalUrl } from './external-url';

/** The parts of WebContents the guard touches (so tests can hand in a fake that follows Electron's API). */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Locks a window's contents to where it started: no navigation, no new windows, no <webview>. Links the
 * page asks to open go to the OS browser, but only after validation.
 */
export function guardWebContents(contents: GuardedContents, openExternal: (url: string) => void, log: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url);
    if (safe) openExternal(safe);
    else log.warn('refused to open a window', { scheme: url.split(':')[0] });
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log.warn('blocked navigation of the main window', { scheme: url.split(':')[0] });
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
