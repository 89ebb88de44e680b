// Proves the renderer/shared boundary is enforced by both the type-checker and the linter, that only main's
// composition root and the preload may import values from electron, and that IPC goes only through the contract's
// typed modules.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
/** ESLint as `npm run lint` runs it; probe files in main get typed linting without existing on disk. */
const lint = () =>
  new ESLint({
    cwd: root,
    overrideConfig: {
      files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
      ignores: ['**/*.test.ts'],
      languageOptions: {
        parserOptions: {
          projectService: {
            allowDefaultProject: [
              'src/main/probe.ts',
              'src/main/*/probe.ts',
              'src/preload/probe.ts',
            ],
          },
        },
      },
    },
  });
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
    const eslint = lint();
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
    const eslint = lint();
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

describe('IPC through the contract only', () => {
  const ipcRule = (messages: Array<{ ruleId: string | null; message: string }>) =>
    messages.filter((m) => m.ruleId === 'tapkey/no-untyped-ipc');
  const eslint = lint();
  const lintAt = async (file: string, source: string) => {
    const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
    expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
    return ipcRule(result!.messages);
  };

  it('rejects a raw push to a page outside the typed send, whatever the variable is called', async () => {
    const raw = `import type { BrowserWindow, IpcMainEvent } from 'electron';
export function f(win: BrowserWindow, event: IpcMainEvent) {
  win.webContents.send('menu:command', 'find');
  const page = win.webContents;
  page.send('auth:state-changed', 'not a state');
  page.mainFrame.send('menu:command', 'find');
  event.sender.send('menu:command', 'find');
}
`;
    for (const file of ['src/main/probe.ts', 'src/main/windows/probe.ts']) {
      const hits = await lintAt(file, raw);
      expect(
        hits.map((h) => h.message.slice(0, 40)),
        file,
      ).toEqual(Array(4).fill('Push to the page with the typed send fro'));
    }
    // The typed send itself may call webContents.send: it is where the contract's check happens.
    expect(await lintAt('src/main/ipc/push.ts', raw)).toEqual([]);
  });

  it('rejects handlers registered outside register.ts and ipcRenderer outside the preload bridge', async () => {
    const handle = `import { ipcMain } from 'electron';\nipcMain.handle('tapkey:read-tokens', async () => 1);\nipcMain.on('x', () => {});\n`;
    expect((await lintAt('src/main/windows/probe.ts', handle)).map((h) => h.message)).toEqual(
      Array(2).fill(
        'Register IPC handlers only in src/main/ipc/register.ts: it checks the sender and parses the payload first.',
      ),
    );
    expect(await lintAt('src/main/ipc/register.ts', handle)).toEqual([]);
    const renderer = `import { ipcRenderer } from 'electron';\nipcRenderer.send('auth:sign-out');\nvoid ipcRenderer.invoke('settings:get');\n`;
    expect(await lintAt('src/preload/probe.ts', renderer)).toHaveLength(2);
    expect(await lintAt('src/preload/index.ts', renderer)).toEqual([]);
  });

  it('leaves unrelated send methods alone', async () => {
    const other = `export function f(socket: { send(x: string): void }, res: { send(x: string): void }) {\n  socket.send('x');\n  res.send('y');\n}\n`;
    expect(await lintAt('src/main/probe.ts', other)).toEqual([]);
  });
});
