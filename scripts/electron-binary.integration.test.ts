import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs script without type declarations
import { findElectron } from './electron-binary.mjs';

describe('finding the Electron runtime for npm start', () => {
  it('names a missing TAPKEY_ELECTRON_PATH in one line', () => {
    process.env.TAPKEY_ELECTRON_PATH = '/nonexistent/electron';
    try {
      expect(findElectron()).toEqual({
        error: 'TAPKEY_ELECTRON_PATH points at /nonexistent/electron, which does not exist.',
      });
    } finally {
      delete process.env.TAPKEY_ELECTRON_PATH;
    }
  });

  it('either finds a runnable binary or explains in one line, without a stack trace, why there is none', () => {
    const r = findElectron() as { path?: string; error?: string };
    if (r.path) {
      expect(existsSync(r.path)).toBe(true);
    } else {
      expect(r.error).toMatch(
        /^The Electron( \d+\.\d+\.\d+)? runtime is not installed and could not be downloaded/,
      );
      expect(r.error).not.toContain('\n');
      expect(r.error).not.toMatch(/\bat .+:\d+:\d+/);
    }
  }, 120_000);
});
