// Multi-page build: the confirmation dialog and the review window are separate
// entry points so the dialog never loads the review screens or the chart library.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2021',
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        dialog: resolve(__dirname, 'dialog.html'),
        index: resolve(__dirname, 'index.html'),
      },
    },
  },
  server: { strictPort: true, port: 1420 },
});
