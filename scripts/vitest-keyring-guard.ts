// Vitest global setup of the integration project: many of its suites use the real OS keychain. On Linux that
// means a Secret Service on a session bus; without one, libsecret would try to start its own and, with a display,
// hang on an unlock prompt. Rather than hang or skip, stop at once and say how to run the tests.
export default function assertKeyringSession(): void {
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(
      'No D-Bus session bus, so the keychain tests cannot reach a Secret Service. Run `npm test` (it starts a private ' +
        'bus with a throwaway gnome-keyring), or run vitest inside your desktop session. The unit layer needs ' +
        'none: `npm run test:unit`.',
    );
  }
}
