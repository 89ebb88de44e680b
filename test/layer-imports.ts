// What a test file reaches through its imports, followed transitively the way the test runner loads it: the
// evidence the layer guard (layers.test.ts) judges a test's layer by.
import path from 'node:path';
import { build } from 'esbuild';

/** A real part a unit test must not reach, and the import that reaches it. */
export interface RealPart {
  /** What it is, in words: `the OS keychain (keytar)`. */
  part: string;
  /** The module or package reached. */
  reached: string;
  /** The project file whose import reaches it. */
  from: string;
}

const packages: Array<[RegExp, string]> = [
  [/^keytar$/, 'the OS keychain (keytar)'],
  [/^(@playwright\/test|playwright|playwright-core)(\/|$)/, 'Chromium (Playwright)'],
  [/^(node:)?child_process$/, 'child processes'],
  [/^oidc-provider$/, "the sandbox's OAuth server"],
];

const files: Array<[string, string]> = [
  ['sandbox/index.ts', 'the sandbox servers'],
  ['sandbox/server.ts', 'the sandbox servers'],
  ['test/support/chromium.ts', 'Chromium (Playwright)'],
];

/**
 * The real parts each entry reaches (an empty list: none), keyed by its path relative to `root`. Type-only
 * imports vanish as they do at run time; dynamic imports with a literal specifier count.
 */
export async function realPartsReached(
  root: string,
  entries: readonly string[],
): Promise<Map<string, RealPart[]>> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: entries.map((e) => ({ in: e, out: e.replace(/\.[cm]?[jt]sx?$/, '') })),
    outdir: path.join(root, '.layer-imports'),
    bundle: true,
    write: false,
    metafile: true,
    splitting: false,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    jsx: 'automatic',
    logLevel: 'silent',
    loader: { '.css': 'empty', '.svg': 'empty', '.png': 'empty', '.html': 'empty' },
  });
  // Walk the import graph rather than the bundle's contents: the runner evaluates every module a test imports,
  // including those whose exports it never uses.
  const inputs = result.metafile.inputs;
  const found = new Map<string, RealPart[]>();
  for (const output of Object.values(result.metafile.outputs)) {
    const entry = output.entryPoint;
    if (!entry) continue;
    const parts: RealPart[] = [];
    const seen = new Set([entry]);
    const queue = [entry];
    for (let input = queue.shift(); input !== undefined; input = queue.shift()) {
      const local = files.find(([file]) => file === input);
      if (local) parts.push({ part: local[1], reached: input, from: input });
      for (const imported of inputs[input]?.imports ?? []) {
        if (imported.external) {
          const pkg = packages.find(([pattern]) => pattern.test(imported.path));
          if (pkg) parts.push({ part: pkg[1], reached: imported.path, from: input });
        } else if (!seen.has(imported.path)) {
          seen.add(imported.path);
          queue.push(imported.path);
        }
      }
    }
    found.set(entry, parts);
  }
  return found;
}
