import type { WebContents } from 'electron';
import type { Logger } from '../log';
import { safeExternalUrl } from './external-url';
import { isTapkeyHost } from './help-links';

/** The parts of WebContents the guard touches (so tests can hand in a fake that follows Electron's API). */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Locks a window's contents to where it started: no navigation, no new windows, no <webview>. Links the
 * page asks to open go to the OS browser only when they are https pages on Tapkey's own hosts.
 */
export function guardWebContents(
  contents: GuardedContents,
  openExternal: (url: string) => void,
  log: Logger,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url);
    // Only https pages of Tapkey's own sites: the page cannot send the user's browser anywhere else.
    if (safe && new URL(safe).protocol === 'https:' && isTapkeyHost(new URL(safe).hostname))
      openExternal(safe);
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
