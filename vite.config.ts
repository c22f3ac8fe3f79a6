import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { kitPlugin } from './src/node/dev/kit-plugin.js';
import { findSketchPages } from './src/node/dev/sketch-pages.js';
import { kitPageInputs } from './src/node/dev/kit-pages.js';
import { mqttWorkerPlugin } from './src/node/dev/mqtt-worker-plugin.js';
import { devWorkerPlugin } from './src/node/dev/dev-worker-plugin.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const LAN_NAMES = ['.local', '.lan', '.home.arpa', '.internal'];
const P5_MODULES = ['core', 'color', 'shape', 'accessibility', 'data', 'dom', 'events', 'image', 'io', 'math', 'utilities', 'webgl', 'type'];

// Build inputs: the kit's own pages (KIT_PAGES) and every sketches/*/index.html, the same
// list the gallery shows.
export default defineConfig({
  root,
  // Many pages, no client-side router: a path that names nothing is a 404, not the gallery.
  appType: 'mpa',
  plugins: [
    kitPlugin({
      root,
      brokerWsPort: () => Number(process.env.P5_MQTT_WS_PORT) || undefined,
      brokerTcpPort: () => Number(process.env.P5_MQTT_TCP_PORT) || undefined,
      lanUrl: () => process.env.P5_MQTT_LAN_URL || undefined,
    }),
    devWorkerPlugin(root),
  ],
  // The worker is built from MQTT.js's sources, trimmed to what a browser worker runs.
  worker: { format: 'es', plugins: () => [mqttWorkerPlugin()] },
  // Known up front, so the first page load never triggers a re-optimise-and-reload (the
  // worker's imports are not found by Vite's entry scan).
  // p5's modules are all listed too, so a sketch made while the server runs that reaches for
  // one no other page uses (p5/image, p5/dom…) loads the first time, instead of aborting its
  // requests and reloading when Vite discovers the new dependency.
  optimizeDeps: { include: ['p5', 'mqtt', 'buffer', ...P5_MODULES.map((name) => `p5/${name}`)] },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        ...kitPageInputs(root),
        ...Object.fromEntries(findSketchPages(root).map((page) => [page.name, page.file])),
      },
    },
  },
  // Students reach a teacher's machine by IP (always allowed) or by a LAN name such as
  // teacher-laptop.local; Vite refuses other names (DNS-rebinding protection), so the
  // suffixes LANs use are allowed, and public names still are not.
  server: { host: '127.0.0.1', allowedHosts: LAN_NAMES },
  preview: { host: '127.0.0.1', allowedHosts: LAN_NAMES },
});
