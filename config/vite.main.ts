import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/**
 * Node-side bundles (main process and CLI): ESM, so that ESM-only `got` loads. The native modules stay external:
 * keytar and fs-native-extensions (the session lock) each find their `.node` binary relative to their own package
 * folder, which a bundle would move; electron-builder packs them from node_modules and unpacks the binaries.
 */
export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { 'main/index': 'src/main/index.ts', 'cli/index': 'src/cli/index.ts' },
      external: [
        'electron',
        'keytar',
        'fs-native-extensions',
        ...builtinModules,
        ...builtinModules.map((m) => `node:${m}`),
      ],
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'main/chunks/[name]-[hash].js',
      },
    },
  },
  ssr: { noExternal: true },
});
