// The build leaves the CLI's `bin` file runnable (npm test builds before running this; so does `npm run build`).
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(
  root,
  (
    JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    }
  ).bin['tapkey-locks']!,
);

describe('npm run build', () => {
  it('leaves the tapkey-locks bin file executable, and it runs through its shebang', async () => {
    expect(
      statSync(bin, { throwIfNoEntry: false }),
      'run `npm run build` first (npm test does)',
    ).toBeDefined();
    expect(statSync(bin).mode & 0o755).toBe(0o755);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    // Executed directly, as a linked `tapkey-locks` is: only the exec bit makes this work.
    const { stdout } = await promisify(execFile)(bin, ['help'], { timeout: 30_000 });
    expect(stdout).toMatch(/^Usage: tapkey-locks <command>/);
  });
});
