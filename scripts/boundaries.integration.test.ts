// Proves the renderer/shared boundary is enforced by both the type-checker and the linter, and that only main's
// composition root and the preload may import values from electron.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(root, 'src', 'renderer', '.boundary-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function typecheckWebWith(source: string): { status: number | null; output: string } {
  const file = path.join(scratch, `probe-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(file, source);
  const config = path.join(scratch, `tsconfig-${path.basename(file, '.ts')}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      extends: '../../../tsconfig.web.json',
      include: [path.basename(file), '../env.d.ts'],
    }),
  );
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', config],
    { encoding: 'utf8', cwd: root },
  );
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('renderer boundary', () => {
  it('type-check rejects electron and node imports in renderer code, and accepts shared code', () => {
    const electron = typecheckWebWith(
      `import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n`,
    );
    expect(electron.status).not.toBe(0);
    expect(electron.output).toMatch(
      /TS2305: Module '"electron"' has no exported member 'ipcRenderer'/,
    );

    const nodeFs = typecheckWebWith(
      `import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n`,
    );
    expect(nodeFs.status).not.toBe(0);
    expect(nodeFs.output).toMatch(/TS2305: Module '"node:fs"' has no exported member/);

    const fine = typecheckWebWith(
      `import type { AuthState } from '../../shared/model';\nexport const s: AuthState = { status: 'signed-out' };\n`,
    );
    expect(fine.output).toBe('');
    expect(fine.status).toBe(0);
  });

  it('lint rejects Node and Electron imports in renderer and shared code but not in main', async () => {
    const eslint = new ESLint({ cwd: root });
    const bad = `import { shell } from 'electron';\nimport fs from 'fs';\nexport const x = [shell, fs];\n`;
    for (const file of ['src/renderer/probe.ts', 'src/shared/probe.ts']) {
      const [result] = await eslint.lintText(bad, { filePath: path.join(root, file) });
      const restricted = result!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
      expect(restricted, file).toHaveLength(2);
    }
    const [main] = await eslint.lintText(bad, { filePath: path.join(root, 'src/main/probe.ts') });
    expect(main!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toHaveLength(0);
  });
});

describe('electron boundary in main', () => {
  const electronRule = (messages: Array<{ ruleId: string | null; message: string }>) =>
    messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports');

  it('lint rejects electron values outside the composition root and the preload, and allows type imports everywhere', async () => {
    const eslint = new ESLint({ cwd: root });
    const value = `import { shell } from 'electron';\nexport const x = shell;\n`;
    const subpath = `import { shell } from 'electron/main';\nexport const x = shell;\n`;
    for (const file of [
      'src/main/windows/probe.ts',
      'src/main/auth/probe.ts',
      'src/main/probe.test.ts',
      'src/cli/probe.ts',
    ]) {
      for (const source of [value, subpath]) {
        const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
        const hits = electronRule(result!.messages);
        expect(hits, `${file}: ${source}`).toHaveLength(1);
        expect(hits[0]!.message).toContain('composition root');
      }
    }
    const types = `import type { WebContents } from 'electron';\nimport { type Session } from 'electron';\nexport type X = [WebContents, Session];\n`;
    const [typed] = await eslint.lintText(types, {
      filePath: path.join(root, 'src/main/windows/probe.ts'),
    });
    expect(electronRule(typed!.messages)).toHaveLength(0);
    for (const file of ['src/main/index.ts', 'src/preload/probe.ts']) {
      const [root_] = await eslint.lintText(value, { filePath: path.join(root, file) });
      expect(electronRule(root_!.messages), file).toHaveLength(0);
    }
  });
});
