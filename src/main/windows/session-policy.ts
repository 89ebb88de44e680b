import type { Session } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-protocol';

/** The parts of a Session the policy sets (tests hand in a fake that stores handlers as Electron does). */
export type PolicySession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'
>;

/**
 * The app asks for no browser permission (camera, notifications, USB, HID, serial, …), so every request and
 * check is refused, and downloads a page might trigger are cancelled.
 */
export function denyEverything(ses: PolicySession): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
}

/** The one permission the main window's page uses: writing text (a lock ID, a CSV row) to the clipboard. */
const CLIPBOARD_WRITE = 'clipboard-sanitized-write';

/** Whether a URL or origin (Electron passes both forms, with or without a path) is our own renderer, `app://renderer`. */
function isAppOrigin(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return (
      u.protocol === `${APP_SCHEME}:` &&
      u.host === APP_HOST &&
      u.username === '' &&
      u.password === ''
    );
  } catch {
    return false;
  }
}

/**
 * The main window's session: everything refused as in `denyEverything`, except clipboard writes from our own
 * page, so Copy uses `navigator.clipboard` (the execCommand fallback is deprecated). Reading the clipboard,
 * and any permission for another origin (a page that somehow got into the window), stays refused.
 */
export function mainSessionPolicy(ses: PolicySession): void {
  denyEverything(ses);
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permission === CLIPBOARD_WRITE && isAppOrigin(details.requestingUrl)),
  );
  ses.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) =>
      permission === CLIPBOARD_WRITE && isAppOrigin(requestingOrigin),
  );
}
