import { createRequire, isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);
const shim = (name: string) => fileURLToPath(new URL(`../../mqtt/worker/shims/${name}.ts`, import.meta.url));

/** MQTT.js's own entry for Node: its compiled sources, one module per file. */
const MQTT_SOURCES = require.resolve('mqtt');
/** Node's `process` as the worker's modules see it: microtask `nextTick` (see the shim). */
const PROCESS = shim('process');
const MQTT_VERSION = (require('mqtt/package.json') as { version: string }).version;

/** Packages replaced everywhere in the worker bundle (see each shim for why it is safe). */
const SHIMS: Record<string, string> = {
  debug: shim('debug'),
  url: shim('url'),
  'lru-cache': shim('lru-cache'),
  'worker-timers': shim('worker-timers'),
  'abort-controller': shim('absent'),
  // readable-stream imports it by name; one `process` for everything in the worker.
  process: PROCESS,
  'process/': PROCESS,
};

/**
 * What this plugin reads of MQTT.js beyond its public API, by path inside the package. A
 * release that moves one either stops the build at some Node built-in far from the cause
 * or quietly bloats the worker, so test/node/dev/mqtt-worker-plugin.test.ts checks this
 * same list against the installed MQTT.js and names what moved.
 */
export const MQTT_INTERNALS: {
  readonly sources: string;
  readonly versionRequire: { readonly file: string; readonly text: string };
  readonly unusedTransports: Readonly<Record<string, readonly string[]>>;
} = {
  /** Where `require.resolve('mqtt')` lands: the compiled sources, one module per file. */
  sources: 'build/',
  /** Rewritten by `transform` into the version string. */
  versionRequire: { file: 'build/lib/shared.js', text: "require('../../package.json').version" },
  /** By requiring file: transports a browser worker never uses, resolved to shims/absent.ts. */
  unusedTransports: {
    'build/lib/connect/index.js': ['./tcp', './tls', './wx', './ali'],
    'build/lib/connect/tcp.js': ['./socks'],
    'build/lib/connect/tls.js': ['./socks'],
    'build/lib/connect/ws.js': ['ws'],
  },
};

const UNUSED_TRANSPORTS = new Set(Object.values(MQTT_INTERNALS.unusedTransports).flat());

const isMqttSource = (id: string) => id.replaceAll('\\', '/').includes(`/node_modules/mqtt/${MQTT_INTERNALS.sources}`);

/**
 * Builds the MQTT Web Worker from MQTT.js's sources instead of its prebuilt browser bundle
 * (`dist/mqtt.esm.js`), which carries every transport and its own copies of Node's Buffer,
 * process, url and stream. Here the worker gets only the WebSocket transport, the shims in
 * `src/mqtt/worker/shims`, and the `buffer`/`readable-stream` the kit already resolves,
 * so every page downloads none of what a worker never runs. For `worker.plugins` only:
 * pages (whose `transport: 'direct'` runs MQTT.js on the main thread, where it needs
 * worker-timers), the dev server and Node keep plain `mqtt`.
 */
export function mqttWorkerPlugin(): Plugin {
  return {
    name: 'p5-mqtt-kit:mqtt-worker',
    apply: 'build',
    enforce: 'pre',
    options(options) {
      // Node's globals, which MQTT.js (`process.nextTick`) and rfdc (`Buffer`) use without
      // importing them: an import is added to the modules that mention them, and only those.
      const transform = options.transform ?? {};
      const inject = { ...transform.inject, process: PROCESS, Buffer: ['buffer', 'Buffer'] as [string, string] };
      return { ...options, transform: { ...transform, inject } };
    },
    async resolveId(id, importer) {
      if (id === 'mqtt' && importer && !importer.includes('/node_modules/')) return MQTT_SOURCES;
      if (importer && isMqttSource(importer) && UNUSED_TRANSPORTS.has(id)) return shim('absent');
      if (SHIMS[id]) return SHIMS[id];
      if (!isBuiltin(id)) return undefined;
      // `buffer`, `events`, `string_decoder/` are npm packages by those names; anything else
      // Vite would swap for an empty module, and the worker would only fail once it runs.
      const resolved = await this.resolve(id, importer, { skipSelf: true });
      if (resolved?.id.includes('__vite-browser-external')) {
        this.error(`The MQTT worker needs Node's '${id}' (imported by ${importer}); add a browser shim in src/mqtt/worker/shims.`);
      }
      return resolved;
    },
    transform(code, id) {
      // Instead of bundling all of package.json for one string.
      const { text } = MQTT_INTERNALS.versionRequire;
      if (!isMqttSource(id) || !code.includes(text)) return undefined;
      return { code: code.replace(text, JSON.stringify(MQTT_VERSION)), map: null };
    },
  };
}
