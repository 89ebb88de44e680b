import type { MenuCommand } from '../shared/model';
import { SHORTCUTS } from '../shared/shortcuts';

/** The parts of a keyboard event a shortcut depends on. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const keys: Record<string, MenuCommand> = Object.fromEntries(
  SHORTCUTS.map((x) => [x.key.toLowerCase(), x.command]),
);

/**
 * The app-menu command a key press stands for: Ctrl (Cmd on macOS) with a key of SHORTCUTS, the same accelerators
 * the Electron menu shows, so the shortcuts work in the page too (browser journeys, or with the menu bar hidden).
 */
export function shortcutCommand(e: KeyPress, mac: boolean): MenuCommand | null {
  const primary = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (!primary || e.altKey || e.shiftKey) return null;
  return keys[e.key.toLowerCase()] ?? null;
}
