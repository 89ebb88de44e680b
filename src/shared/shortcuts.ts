// The app's keyboard shortcuts in one place: the menu's accelerators (main), the page's own key handling (the
// renderer, so they work with the menu bar hidden and in browser journeys) and the list in Help → About.
import type { MenuCommand } from './model';

/** One shortcut: Ctrl (Cmd on macOS) + `key`, what it does, and where the same command sits in the menu. */
export interface Shortcut {
  /** The key with Ctrl/Cmd, as the menu's accelerator names it. */
  key: string;
  command: MenuCommand;
  /** What it does, as the menu item says it. */
  label: string;
  /** The menu that holds the item. */
  menu: string;
}

/** Every shortcut the app has, in the order the help lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { key: 'F', command: 'find', label: 'Find', menu: 'View' },
  { key: 'R', command: 'refresh', label: 'Refresh', menu: 'View' },
  { key: 'E', command: 'export', label: 'Export…', menu: 'File' },
  { key: ',', command: 'settings', label: 'Settings…', menu: 'File (app menu on macOS)' },
  { key: 'N', command: 'give-access', label: 'Give access…', menu: 'Access' },
  { key: '1', command: 'view-locks', label: 'Locks', menu: 'Access' },
  { key: '3', command: 'view-people', label: 'People', menu: 'Access' },
  { key: '4', command: 'view-journal', label: 'Journal', menu: 'Access' },
];

/** The menu accelerator of `command` ("CmdOrCtrl+N"), or undefined when it has no shortcut. */
export function acceleratorOf(command: MenuCommand): string | undefined {
  const s = SHORTCUTS.find((x) => x.command === command);
  return s ? `CmdOrCtrl+${s.key}` : undefined;
}
