// Builds the three bundles: main (+ CLI), preload, renderer.
import { rmSync } from 'node:fs';
import { build } from 'vite';

rmSync('dist', { recursive: true, force: true });
for (const configFile of ['config/vite.main.ts', 'config/vite.preload.ts', 'config/vite.renderer.ts']) {
  await build({ configFile, logLevel: 'warn' });
}
console.log('built dist/main, dist/cli, dist/preload, dist/renderer');
