import { defineConfig } from 'vite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mqttWorkerPlugin } from './src/node/dev/mqtt-worker-plugin.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };

/**
 * `npm run build:lib`: the script-tag build, dist-lib/p5-mqtt.min.js — one self-contained
 * file for the p5 web editor and plain pages. MQTT.js comes from its sources, trimmed as for
 * the kit's worker (mqttWorkerPlugin), and the worker is this same file (src/lib/spawn-blob-worker.ts
 * replaces src/mqtt/worker/spawn-worker.ts).
 */
export default defineConfig({
  root,
  configFile: false,
  logLevel: 'warn',
  plugins: [
    mqttWorkerPlugin(),
    {
      name: 'p5-mqtt-kit:lib-worker',
      enforce: 'pre',
      async resolveId(id, importer) {
        if (!importer || !id.endsWith('/spawn-worker.js')) return undefined;
        const resolved = await this.resolve(id, importer, { skipSelf: true });
        return resolved?.id.endsWith('/src/mqtt/worker/spawn-worker.ts') ? resolve(root, 'src/lib/spawn-blob-worker.ts') : resolved;
      },
    },
  ],
  define: { __KIT_VERSION__: JSON.stringify(version) },
  publicDir: false,
  build: {
    outDir: 'dist-lib',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    lib: { entry: resolve(root, 'src/lib/index.ts'), formats: ['iife'], name: 'p5mqtt', fileName: () => 'p5-mqtt.min.js' },
  },
});
