import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VITE_WORKER_QUERY, WORKER_PATH } from '../../../src/node/dev/dev-worker-plugin.js';
import { startViteServer } from '../../fixtures/vite-server.js';

// `npm start` serves pages from Vite's dev server; its MQTT worker must be the fast one.
describe('the MQTT worker in the dev server', () => {
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  beforeAll(async () => {
    vite = await startViteServer();
  }, 60_000);
  afterAll(() => vite?.close());

  it('is one bundled module with the microtask nextTick, as in the build', async () => {
    const response = await fetch(`${vite.url}${WORKER_PATH}?${VITE_WORKER_QUERY}&type=module`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = await response.text();
    // Self-contained: nothing left for the dev server to resolve, MQTT.js from its sources.
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).toContain('queueMicrotask(() => callback(...args))');
    expect(code).toContain('mqttjs_');
    expect(code).not.toContain('node_modules/.vite');
  }, 60_000);

  it('leaves the pages\' own modules to the dev server, which points them at the worker it serves', async () => {
    const response = await fetch(`${vite.url}/src/mqtt/worker/spawn-worker.ts`);
    expect(response.status).toBe(200);
    // The plugin answers only requests carrying Vite's worker flag: if a Vite upgrade
    // renames it, pages would get the slow unbundled worker and nothing else would fail.
    expect(await response.text()).toContain(`${WORKER_PATH}?${VITE_WORKER_QUERY}`);
  });
});
