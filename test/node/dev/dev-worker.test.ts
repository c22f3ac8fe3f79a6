import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViteServer } from '../../fixtures/vite-server.js';

// `npm start` serves pages from Vite's dev server; its MQTT worker must be the fast one.
describe('the MQTT worker in the dev server', () => {
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  beforeAll(async () => {
    vite = await startViteServer();
  }, 60_000);
  afterAll(() => vite?.close());

  it('is one bundled module with the microtask nextTick, as in the build', async () => {
    const response = await fetch(`${vite.url}/src/mqtt/worker/worker.ts?worker_file&type=module`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = await response.text();
    // Self-contained: nothing left for the dev server to resolve, MQTT.js from its sources.
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).toContain('queueMicrotask(() => callback(...args))');
    expect(code).toContain('mqttjs_');
    expect(code).not.toContain('node_modules/.vite');
  }, 60_000);

  it('leaves the pages\' own modules to the dev server', async () => {
    const response = await fetch(`${vite.url}/src/mqtt/worker/worker-transport.ts`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('/src/mqtt/worker/worker.ts');
  });
});
