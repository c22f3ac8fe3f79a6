import type { Plugin } from 'vite';
import { DEFAULT_WS_PORT } from '../../mqtt/defaults.js';
import { BROKER_PORT_META } from '../../kit/page-broker.js';
import { findSketchPages } from './sketch-pages.js';

const SKETCHES_MODULE = 'virtual:sketches';

/**
 * The kit's Vite plugin: serves the sketch list to the gallery as `virtual:sketches`,
 * and writes the embedded broker's real WebSocket port into every page, so pages learn
 * it from the server that served them (the port moves when 9001 is taken).
 */
export function kitPlugin(options: { root: string; brokerWsPort?: () => number | undefined }): Plugin {
  const resolved = `\0${SKETCHES_MODULE}`;
  return {
    name: 'p5-mqtt-kit',
    resolveId(id) {
      return id === SKETCHES_MODULE ? resolved : undefined;
    },
    load(id) {
      if (id !== resolved) return undefined;
      const pages = findSketchPages(options.root).map(({ name, href, title, description }) => ({ name, href, title, description }));
      return `export default ${JSON.stringify(pages)};`;
    },
    transformIndexHtml() {
      const port = options.brokerWsPort?.() ?? DEFAULT_WS_PORT;
      return [{ tag: 'meta', attrs: { name: BROKER_PORT_META, content: String(port) }, injectTo: 'head-prepend' }];
    },
  };
}
