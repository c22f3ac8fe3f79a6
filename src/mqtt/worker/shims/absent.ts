/**
 * Stands in for modules MQTT.js's sources name but never run inside a browser worker: its
 * TCP, TLS, SOCKS, WeChat and Alipay transports, Node's `ws` (the worker has a native
 * WebSocket) and `abort-controller` (read only when `globalThis.AbortController` is missing).
 * MQTT.js looks transports up by whether they are functions, so an empty module reads as
 * "not available here".
 */
export {};
