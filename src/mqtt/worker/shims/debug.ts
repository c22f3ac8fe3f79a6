/**
 * `debug` for the worker build: a logger that is always off. The real one is switched on
 * from `localStorage`, which a worker doesn't have, so inside the worker it never printed
 * anyway; this keeps it (and `ms`, which it loads) out of the download.
 */
interface Logger {
  (...args: unknown[]): void;
  enabled: boolean;
  namespace: string;
  extend(suffix: string): Logger;
}

function createDebug(namespace: string): Logger {
  const log = (() => {}) as Logger;
  log.enabled = false;
  log.namespace = namespace;
  log.extend = (suffix) => createDebug(`${namespace}:${suffix}`);
  return log;
}

// What `require('debug')` returns, as Node's require(esm) and Rolldown read this name:
// mqtt-packet calls the module itself (`require('debug')('…')`), MQTT.js its `.default`.
export { createDebug as 'module.exports' };
