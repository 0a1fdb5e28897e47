import { defineConfig } from 'vite';

const api = process.env.AMENDO_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'client',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: {
      '/api': api,
      '/collab': { target: api.replace(/^http/, 'ws'), ws: true },
      '/events': { target: api.replace(/^http/, 'ws'), ws: true },
    },
  },
});
