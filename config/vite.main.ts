import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/** Node-side bundles (main process and CLI): ESM, so that ESM-only `got` loads; natives stay external. */
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
