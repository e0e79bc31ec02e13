import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is fully static; WebGPU needs a secure context, which localhost is.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
