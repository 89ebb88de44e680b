// The test layers are a rule, not a habit: every test file lands in exactly one vitest project, no unit or
// component test reaches the sandbox, the keychain, Chromium or a child process, and no integration test is a
// unit test in disguise (the slow layer stays as small as it can be).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createVitest } from 'vitest/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realPartsReached, type RealPart } from './layer-imports';

const root = path.resolve(import.meta.dirname, '..');
const notSource = new Set(['node_modules', 'dist', 'release', 'test-results', 'playwright-report']);

/** Every test file in the tree, wherever it sits, relative to the root. */
function testFilesOnDisk(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || notSource.has(entry.name)) continue;
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (/\.test\.[cm]?[jt]sx?$/.test(entry.name)) found.push(rel);
    }
  };
  walk('');
  return found.sort();
}

const describeParts = (parts: RealPart[]) =>
  parts.map((p) => `${p.part}: ${p.reached} (imported by ${p.from})`).join('; ');

let projectOf: Map<string, string[]>;
beforeAll(async () => {
  // The project configuration itself says where each file goes, so this checks what vitest will really run.
  const vitest = await createVitest(
    'test',
    { config: path.join(root, 'vitest.config.ts'), watch: false },
    {},
    {},
  );
  try {
    projectOf = new Map();
    for (const spec of await vitest.globTestSpecifications()) {
      const file = path.relative(root, spec.moduleId);
      projectOf.set(file, [...(projectOf.get(file) ?? []), spec.project.name]);
    }
  } finally {
    await vitest.close();
  }
}, 60_000);

describe('test layers', () => {
  it('run every test file in the tree exactly once, in one project', () => {
    const files = testFilesOnDisk();
    expect(files.length).toBeGreaterThan(50);
    const misplaced = files
      .map((file) => ({ file, projects: projectOf.get(file) ?? [] }))
      .filter(({ projects }) => projects.length !== 1);
    expect(misplaced, 'test files no project runs, or more than one does').toEqual([]);
    expect([...projectOf.keys()].sort()).toEqual(files);
  });

  it('keep the unit layer free of the sandbox, the keychain, Chromium and child processes', async () => {
    const unit = [...projectOf].filter(([, [p]]) => p === 'unit' || p === 'components');
    expect(unit.length).toBeGreaterThan(40);
    const reached = await realPartsReached(
      root,
      unit.map(([file]) => file),
    );
    const offenders = [...reached]
      .filter(([, parts]) => parts.length > 0)
      .map(([file, parts]) => `${file} → ${describeParts(parts)}; name it *.integration.test.ts`);
    expect(offenders).toEqual([]);
  });

  it('keep in the integration layer only tests that need a real part', async () => {
    const integration = [...projectOf].filter(([, [p]]) => p === 'integration');
    expect(integration.length).toBeGreaterThan(20);
    const reached = await realPartsReached(
      root,
      integration.map(([file]) => file),
    );
    const pure = [...reached].filter(([, parts]) => parts.length === 0).map(([file]) => file);
    expect(pure, 'these need no real part: drop ".integration" from their names').toEqual([]);
  });
});

describe('the import walk the guard relies on', () => {
  const scratch = mkdtempSync(path.join(root, 'test', '.layer-probe-'));
  const rel = (name: string) => path.relative(root, path.join(scratch, name));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds each real part through a chain of local modules and a dynamic import, and ignores type imports', async () => {
    const probes: Record<string, string> = {
      'via-keychain.ts': `import { createKeytarKeychain } from '../../src/main/secrets/keytar-keychain';\nexport const k = createKeytarKeychain;\n`,
      'middle.ts': `export { k } from './via-keychain';\n`,
      'keychain.test.ts': `import { k } from './middle';\nexport const x = k;\n`,
      'sandbox.test.ts': `export const start = () => import('../../sandbox/index');\n`,
      'spawn.test.ts': `import { spawnSync } from 'node:child_process';\nexport const s = spawnSync;\n`,
      'chromium.test.ts': `import { chromium } from '@playwright/test';\nexport const c = chromium;\n`,
      'types-only.test.ts': `import type { Browser } from '@playwright/test';\nimport type { Sandbox } from '../../sandbox/index';\nexport type T = [Browser, Sandbox];\nexport const pure = 1;\n`,
    };
    for (const [name, source] of Object.entries(probes))
      writeFileSync(path.join(scratch, name), source);
    const names = ['keychain', 'sandbox', 'spawn', 'chromium', 'types-only'];
    const reached = await realPartsReached(
      root,
      names.map((n) => rel(`${n}.test.ts`)),
    );
    const parts = (n: string) => (reached.get(rel(`${n}.test.ts`)) ?? []).map((p) => p.part);
    expect(parts('keychain')).toEqual(['the OS keychain (keytar)']);
    expect(parts('sandbox')).toContain('the sandbox servers');
    expect(parts('sandbox')).toContain("the sandbox's OAuth server");
    expect(parts('spawn')).toEqual(['child processes']);
    expect(parts('chromium')).toEqual(['Chromium (Playwright)']);
    expect(parts('types-only')).toEqual([]);
  });
});
