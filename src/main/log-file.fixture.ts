// Log files for the log file's tests: each in its own temporary folder, removed after each test.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** Returns a maker of fresh log file paths (`<tmp>/logs/main.log`, folder not created) for this test file. */
export function useLogFiles(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tapkey-logs-'));
    dirs.push(dir);
    return path.join(dir, 'logs', 'main.log');
  };
}

/** The file's lines, none when it does not exist. */
export const linesOf = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
