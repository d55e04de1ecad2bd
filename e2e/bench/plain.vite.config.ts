import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The benches' baseline page (src/bench-plain), built beside the app into dist/bench-plain/ after
// `vite build` (which empties dist/), served by the same preview server; never part of the app.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  base: '/bench-plain/',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: 'dist/bench-plain',
    emptyOutDir: false,
    rollupOptions: { input: fileURLToPath(new URL('./plain.html', import.meta.url)) },
  },
});
