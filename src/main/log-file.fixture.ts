// Log files for the log file's tests: each in its own temporary folder, removed after each test.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDirs } from '../../test/support/temp-dirs';

/** Returns a maker of fresh log file paths (`<tmp>/logs/main.log`, folder not created) for this test file. */
export function useLogFiles(): () => string {
  const tempDir = useTempDirs('tapkey-logs-');
  return () => path.join(tempDir(), 'logs', 'main.log');
}

/** The file's lines, none when it does not exist. */
export const linesOf = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
