// Builds the three bundles: main (+ CLI), preload, renderer.
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'vite';

rmSync('dist', { recursive: true, force: true });
for (const configFile of [
  'config/vite.main.ts',
  'config/vite.preload.ts',
  'config/vite.renderer.ts',
]) {
  await build({ configFile, logLevel: 'warn' });
}
// The bundler writes files without the exec bit; `bin` must stay runnable, or a linked `tapkey-locks` breaks
// after every rebuild.
chmodSync('dist/cli/index.js', 0o755);
console.log('built dist/main, dist/cli, dist/preload, dist/renderer');
