import { defineConfig } from 'vite';

/** The preload: one CommonJS file requiring only `electron`, as sandboxed preloads must be. */
export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist/preload',
    emptyOutDir: true,
    sourcemap: false,
    minify: false,
    rollupOptions: {
      input: 'src/preload/index.ts',
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: 'index.cjs', codeSplitting: false },
    },
  },
  ssr: { noExternal: true },
});
