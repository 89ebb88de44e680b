// For tests that need a locked Secret Service: the shell script for `dbus-run-session -- sh -c …`.

/**
 * A script that starts gnome-keyring on the private bus, unlocks it, locks the login collection again through
 * the Secret Service API (as a screen locker does), then runs `command`. With no display, the unlock prompt can
 * never be answered. It waits for that daemon to own its name on the bus (at most 100 × 0.1 s, then exit 4).
 * The daemon creates the collection asynchronously, so the lock is retried until it takes (at most 100 × 0.1 s,
 * then exit 3).
 */
export function lockedKeyringScript(command: string[]): string {
  const lock =
    'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets ' +
    'org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null';
  // Lock answers without error for a collection that does not exist yet, so success is read back: the login
  // collection's Locked property must say true before the command runs (under load the daemon is slow to make it).
  const isLocked =
    'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets/collection/login ' +
    'org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection string:Locked 2>/dev/null | grep -q "boolean true"';
  // Asked before the daemon started above owns its name on the bus, any call to the Secret Service makes D-Bus
  // start a second daemon, which can read the login keyring while the first is still writing it ("invalid or
  // unrecognized format") and then never has the collection to lock. NameHasOwner starts nothing.
  const owned =
    'dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus ' +
    'org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q "boolean true"';
  const whenOwned = `j=0; until ${owned}; do j=$((j+1)); [ $j -ge 100 ] && exit 4; sleep 0.1; done`;
  const lockWhenReady = `${whenOwned}; i=0; until ${lock} && ${isLocked}; do i=$((i+1)); [ $i -ge 100 ] && exit 3; sleep 0.1; done`;
  const quoted = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return `echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && ${lockWhenReady} && exec ${quoted}`;
}
