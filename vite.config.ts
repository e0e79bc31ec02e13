import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is fully static; WebGPU needs a secure context, which localhost is.
export default defineConfig({
  plugins: [react()],
  // The app has one page and no client-side routes, so no SPA fallback: a missing file (say
  // public/data/mnist-10k.bin before the build step ran) is an honest 404, not index.html
  // served under its name and misread as a corrupt dataset.
  appType: 'mpa',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
