// Packs the app for real with electron-builder (Linux `dir` target) against a stand-in Electron distribution,
// since the real one cannot be downloaded here. The stand-in carries Electron's fuse sentinel and fuse wire,
// so electron-builder's own @electron/fuses step flips it exactly as it would flip the real binary.
import { listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs script without type declarations
import { ICON_SIZES, renderIcons } from './icons.mjs';

const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'tapkey-locks-pack-'));
const out = path.join(work, 'out');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse wire v1 with nine fuses, all '1' (enabled), as a stock Electron ships most of them. */
const STOCK_WIRE = Buffer.from([1, 9, ...Buffer.from('111111111')]);

let asarFiles: string[] = [];
let result: { status: number | null; output: string };

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist/main/index.js')))
    throw new Error('run `npm run build` first (npm test does)');
  renderIcons(path.join(root, 'build/icon.svg'), path.join(root, 'build/icons'));
  const dist = path.join(work, 'electron-dist');
  mkdirSync(dist);
  writeFileSync(
    path.join(dist, 'electron'),
    Buffer.concat([
      Buffer.from('\x7fELF stand-in\n'),
      Buffer.from(SENTINEL),
      STOCK_WIRE,
      Buffer.alloc(32),
    ]),
    { mode: 0o755 },
  );
  writeFileSync(path.join(dist, 'LICENSE'), 'MIT');
  writeFileSync(path.join(dist, 'version'), '45.4.1');
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      '--x64',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${out}`,
      '--publish',
      'never',
    ],
    { cwd: root, encoding: 'utf8', timeout: 240_000, env: { ...process.env, CI: 'true' } },
  );
  result = { status: r.status, output: `${r.stdout}${r.stderr}` };
  const asar = path.join(out, 'linux-unpacked/resources/app.asar');
  if (existsSync(asar))
    asarFiles = listPackage(asar, { isPack: false }).map((f) => f.split(path.sep).join('/'));
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packaging with electron-builder', () => {
  it('accepts the configuration and packs without errors', () => {
    expect(result.status, result.output).toBe(0);
  });

  it('validates the configuration with electron-builder’s own schema, which rejects a broken one', async () => {
    const { getConfig, validateConfiguration } =
      await import('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = await import('builder-util');
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.npmRebuild).toBe(false);
    await expect(
      validateConfiguration(
        { ...config, linux: { ...config.linux, notAnOption: true } as never },
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/Invalid configuration object/);
  });

  it('packs the three bundles and nothing of the sources, tests, sandbox or maps', () => {
    for (const f of [
      '/dist/main/index.js',
      '/dist/preload/index.cjs',
      '/dist/renderer/index.html',
      '/package.json',
    ])
      expect(asarFiles).toContain(f);
    expect(asarFiles.some((f) => /^\/dist\/renderer\/assets\/index-.*\.js$/.test(f))).toBe(true);
    const offending = asarFiles.filter((f) =>
      /\.map$|\.tsx?$|^\/(src|sandbox|e2e|bench|scripts|config|build|release)\/|^\/dist\/cli\//.test(
        f,
      ),
    );
    expect(offending).toEqual([]);
  });

  it('packs keytar as the only native runtime dependency, unpacked from the asar, and no dev dependency', () => {
    const modules = new Set(
      asarFiles.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/')[2]),
    );
    expect(modules.has('keytar')).toBe(true);
    for (const dev of [
      'electron',
      'react',
      'react-dom',
      'got',
      'zod',
      'oidc-provider',
      'vite',
      'typescript',
      '@playwright',
    ])
      expect(modules.has(dev), dev).toBe(false);
    expect(
      existsSync(
        path.join(
          out,
          'linux-unpacked/resources/app.asar.unpacked/node_modules/keytar/build/Release/keytar.node',
        ),
      ),
    ).toBe(true);
  });

  it('flips the fuses: no run-as-node, NODE_OPTIONS or inspect flags; cookie encryption, asar integrity and asar-only loading on', async () => {
    const wire = await getCurrentFuseWire(path.join(out, 'linux-unpacked/tapkey-locks'));
    const on = 49;
    const off = 48;
    // FuseV1Options order: RunAsNode, EnableCookieEncryption, EnableNodeOptionsEnvironmentVariable,
    // EnableNodeCliInspectArguments, EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar,
    // LoadBrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges.
    expect([wire[0], wire[1], wire[2], wire[3], wire[4], wire[5], wire[7]]).toEqual([
      off,
      on,
      off,
      off,
      on,
      on,
      off,
    ]);
  });

  it('renders every icon size from the one source image', () => {
    for (const size of ICON_SIZES as number[]) {
      const png = readFileSync(path.join(root, `build/icons/${size}x${size}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });
});
