import { resolve, sep } from 'node:path';
import type { Plugin, Rollup } from 'vite';
import { mqttWorkerPlugin } from './mqtt-worker-plugin.js';

/** Where the pages' `new Worker(new URL('./worker.ts', …))` points in the dev server. */
export const WORKER_PATH = '/src/mqtt/worker/worker.ts';
/**
 * The flag Vite's dev server adds to a worker's URL (`?worker_file&type=module`), which
 * tells the worker's request from a plain import of the same file. Vite does not document
 * it, so test/node/dev/dev-worker.test.ts checks that the pages still ask for it.
 */
export const VITE_WORKER_QUERY = 'worker_file';

/**
 * In the dev server (`npm start`, `npm run dev`), serves the MQTT worker bundled the way
 * `vite build` bundles it (`mqttWorkerPlugin`: MQTT.js from its sources, a microtask
 * `nextTick`) instead of as loose modules over MQTT.js's prebuilt browser bundle, whose
 * `setTimeout`-paced `nextTick` reads a flood far slower than it arrives. So a sketch
 * served by `npm start` takes a flood as the built site does. Bundled on the first
 * request (so the first page load waits for it), again after a change under `src/mqtt/`.
 */
export function devWorkerPlugin(root: string): Plugin {
  const sources = resolve(root, 'src/mqtt') + sep;
  const entry = resolve(root, `.${WORKER_PATH}`);
  let bundled: Promise<string> | undefined;
  return {
    name: 'p5-mqtt-kit:dev-worker',
    apply: 'serve',
    configureServer(server) {
      server.watcher.on('change', (file) => {
        if (file.startsWith(sources)) bundled = undefined;
      });
      server.middlewares.use((request, response, next) => {
        const url = new URL(request.url ?? '/', 'http://dev');
        if (url.pathname !== WORKER_PATH || !url.searchParams.has(VITE_WORKER_QUERY)) return next();
        (bundled ??= bundleWorker(root, entry)).then(
          (code) => {
            response.setHeader('Content-Type', 'text/javascript');
            response.setHeader('Cache-Control', 'no-cache');
            response.end(code);
          },
          (error: Error) => {
            // Tried again on the next request: the cause may be a file being edited.
            bundled = undefined;
            next(error);
          },
        );
      });
    },
  };
}

async function bundleWorker(root: string, entry: string): Promise<string> {
  const { build } = await import('vite');
  const output = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: [mqttWorkerPlugin()],
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry, formats: ['es'], fileName: 'worker' },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output as Rollup.RollupOutput])
    .flatMap((result) => result.output)
    .filter((file): file is Rollup.OutputChunk => file.type === 'chunk');
  // One file or nothing: a worker chunk importing siblings would 404 in the dev server.
  if (chunks.length !== 1) throw new Error(`The MQTT worker bundled into ${chunks.length} chunks; expected one.`);
  return chunks[0]!.code;
}
