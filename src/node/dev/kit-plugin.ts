import type { Plugin } from 'vite';
import { DEFAULT_WS_PORT } from '../../mqtt/defaults.js';
import { BROKER_PORT_META, BROKER_TCP_PORT_META, SKETCHES_CHANGED } from '../../kit/page-broker.js';
import { LAN_URL_META } from '../../kit/lan-url.js';
import { relative, resolve, sep } from 'node:path';
import { findSketchPages } from './sketch-pages.js';
import { servedPaths } from './served-paths.js';
import { pageAllowList } from './page-allow-list.js';

const SKETCHES_MODULE = 'virtual:sketches';

/**
 * The kit's Vite plugin: serves the sketch list to the gallery as `virtual:sketches` (and
 * tells a running gallery when it changes, so a new sketch folder shows up without a
 * restart), and writes the embedded broker's real WebSocket port into every page, so pages learn
 * it from the server that served them (the port moves when 9001 is taken), and its TCP port
 * when known, for pages that tell people how to connect from outside a browser, and with
 * `--lan` the gallery's network address, which the gallery shows as a QR code. It serves
 * only the pages and what they load (`servedPaths`): Vite's `server.fs.allow` is set to
 * those, and a middleware in front of Vite answers 404 for every other path.
 */
export function kitPlugin(options: {
  root: string;
  brokerWsPort?: () => number | undefined;
  /** The broker's MQTT-over-TCP port, written into pages only when known (beside `npm start`'s broker). */
  brokerTcpPort?: () => number | undefined;
  /** The gallery's address on the network, written into pages only when serving the LAN (`--lan`). */
  lanUrl?: () => string | undefined;
  /** Where the sketch folders are (default `<root>/sketches`); tests point it elsewhere. */
  sketchesDir?: string;
}): Plugin {
  const sketches = options.sketchesDir ?? resolve(options.root, 'sketches');
  const resolved = `\0${SKETCHES_MODULE}`;
  return {
    name: 'p5-mqtt-kit',
    config(config) {
      // Vite's own check, for what it reads to answer (including /@fs/); the middleware
      // below is the first one, by URL.
      const root = resolve(config.root ?? options.root);
      return { server: { fs: { strict: true, allow: servedPaths(root, [sketches, config.cacheDir]) } } };
    },
    resolveId(id) {
      return id === SKETCHES_MODULE ? resolved : undefined;
    },
    load(id) {
      if (id !== resolved) return undefined;
      const pages = findSketchPages(options.root, sketches).map(({ name, href, title, description }) => ({ name, href, title, description }));
      return `export default ${JSON.stringify(pages)};`;
    },
    configureServer(server) {
      // One list: what Vite may read (the served paths above, and any a config adds) is what
      // the middleware lets through by URL. publicDir is '' when turned off.
      const { root, cacheDir, publicDir, server: { fs } } = server.config;
      server.middlewares.use(pageAllowList({ root, allowed: [...fs.allow, cacheDir], ...(publicDir ? { publicDir } : {}) }));
      server.watcher.add(sketches);
      // A sketch page is sketches/<name>/index.html; its folder coming or going counts too.
      const concernsList = (path: string) => {
        const parts = relative(sketches, path).split(sep);
        return !parts[0]?.startsWith('..') && (parts.length === 1 || (parts.length === 2 && parts[1] === 'index.html'));
      };
      // One word for a burst (a folder copied or deleted is many events), so the gallery
      // reloads once instead of aborting its own reload.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onChange = (path: string) => {
        if (!concernsList(path)) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          const module = server.moduleGraph.getModuleById(resolved);
          if (module) server.moduleGraph.invalidateModule(module);
          server.ws.send({ type: 'custom', event: SKETCHES_CHANGED });
        }, 150);
      };
      for (const event of ['add', 'unlink', 'addDir', 'unlinkDir', 'change'] as const) server.watcher.on(event, onChange);
    },
    transformIndexHtml() {
      const port = options.brokerWsPort?.() ?? DEFAULT_WS_PORT;
      const tcpPort = options.brokerTcpPort?.();
      const lanUrl = options.lanUrl?.();
      return [
        { tag: 'meta', attrs: { name: BROKER_PORT_META, content: String(port) }, injectTo: 'head-prepend' },
        ...(tcpPort ? [{ tag: 'meta', attrs: { name: BROKER_TCP_PORT_META, content: String(tcpPort) }, injectTo: 'head-prepend' as const }] : []),
        ...(lanUrl ? [{ tag: 'meta', attrs: { name: LAN_URL_META, content: lanUrl }, injectTo: 'head-prepend' as const }] : []),
      ];
    },
  };
}
