/** What the save dialog is asked; mirrors the parts of Electron's `dialog.showSaveDialog` options the app uses. */
export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}

/** Asks the user where to save; null when they cancelled. index.ts wires Electron's dialog, journeys a fake. */
export type SaveDialog = (options: SaveDialogOptions) => Promise<string | null>;

/** A suggested file name with the local date (what the user sees on their calendar), e.g. "tapkey-locks-2026-11-25.csv". */
export function datedFileName(prefix: string, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}
