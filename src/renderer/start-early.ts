// Evaluated before every other module of the page (main.tsx imports it first): what can start before React.
import { askForSnapshotEarly } from './features/locks/early-snapshot';

askForSnapshotEarly(window.tapkey);
