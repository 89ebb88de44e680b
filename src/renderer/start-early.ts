// Evaluated before every other module of the page (main.tsx imports it first): what can start before React.
import { askForSnapshotEarly } from './features/locks/early-snapshot';
import { warmUpFirstScreen } from './features/locks/first-screen-warm-up';

askForSnapshotEarly(window.tapkey);
// While main reads the snapshot the page waits: the first screen's one-time costs are paid in that idle time,
// not while its first rows wait.
if (typeof requestIdleCallback === 'function') requestIdleCallback(warmUpFirstScreen);
