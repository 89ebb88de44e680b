/**
 * True on Linux without a session bus: there keytar would autostart a bus and hang on an unlock prompt, so the
 * suites that use the real keychain are skipped (and counted as skipped). `npm test` always provides a private
 * bus with an unlocked gnome-keyring, so under it they always run; on macOS and Windows the OS keychain is used.
 */
export const noSecretServiceBus = process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS;
