import type { Session } from 'electron';

/** The parts of a Session the policy sets (tests hand in a fake that stores handlers as Electron does). */
export type PolicySession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'>;

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
