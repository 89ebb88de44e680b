// The build leaves the CLI's `bin` file runnable (npm test builds before running this; so does `npm run build`).
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  it('keeps the native modules out of the bundles, imported by name, so each finds its binary beside its own package', () => {
    const bundles = ['dist/main', 'dist/main/chunks', 'dist/cli'].flatMap((dir) =>
      readdirSync(path.join(root, dir))
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(path.join(root, dir, f), 'utf8')),
    );
    const all = bundles.join('\n');
    expect(all).not.toContain('node_modules/fs-native-extensions');
    expect(all).not.toContain('node_modules/keytar');
    expect(all).toMatch(/import\(["']fs-native-extensions["']\)/);
  });

  it('from where the bundles run, the session lock’s native module resolves, loads and locks', async () => {
    // A module beside the CLI bundle resolves bare names as the bundle does.
    const probe = path.join(root, 'dist', 'cli', `.lock-probe-${process.pid}.mjs`);
    writeFileSync(
      probe,
      `const { tryLock, unlock } = (await import('fs-native-extensions')).default;
       const fs = await import('node:fs');
       const fd = fs.openSync(process.argv[2], 'w');
       if (!tryLock(fd)) process.exit(3);
       unlock(fd);`,
    );
    try {
      await promisify(execFile)(process.execPath, [probe, `${probe}.lock`], { timeout: 30_000 });
    } finally {
      rmSync(probe, { force: true });
      rmSync(`${probe}.lock`, { force: true });
    }
  });
});
