import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer: a plain web page with no Node, loaded from app://renderer. */
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    assetsInlineLimit: 0,
  },
});
