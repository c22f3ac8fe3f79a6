import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./naive', import.meta.url));

/**
 * The naive baseline pages (bench/naive/*), built like any plain Vite project: no kit
 * plugin, no worker. Same build target as the kit's vite.config.ts, so page weights compare.
 */
export default defineConfig({
  root,
  logLevel: 'warn',
  build: {
    target: 'es2022',
    rollupOptions: {
      input: { hello: resolve(root, 'hello/index.html'), sensors: resolve(root, 'sensors/index.html') },
    },
  },
  server: { host: '127.0.0.1' },
});
