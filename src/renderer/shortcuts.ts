import type { MenuCommand } from '../shared/model';

/** The parts of a keyboard event a shortcut depends on. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const keys: Record<string, MenuCommand> = {
  f: 'find',
  r: 'refresh',
  ',': 'settings',
  e: 'export',
  n: 'give-access',
  '1': 'view-locks',
  '3': 'view-people',
  '4': 'view-journal',
};

/**
 * The app-menu command a key press stands for: Ctrl+F / R / , / E / N / 1 / 3 / 4 (Cmd on macOS), the same accelerators the
 * Electron menu shows, so the shortcuts work in the page too (browser journeys, or with the menu bar hidden).
 */
export function shortcutCommand(e: KeyPress, mac: boolean): MenuCommand | null {
  const primary = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (!primary || e.altKey || e.shiftKey) return null;
  return keys[e.key.toLowerCase()] ?? null;
}
