/**
 * MQTT's standard TCP port and the usual WebSocket one (mosquitto's examples, the kit's
 * broker). One place, so the broker, the CLIs and the URL translation agree. Pages never trust the WebSocket port
 * here: the dev server tells them the port the broker really got (it may move when a
 * port is taken).
 */
export const DEFAULT_TCP_PORT = 1883;
export const DEFAULT_WS_PORT = 9001;
/** shiftr.io's limit, which we adopt so sketches behave the same on both. */
export const MAX_CLIENT_ID_LENGTH = 64;
export const MAX_TOPIC_LENGTH = 128;
export const MAX_PAYLOAD_BYTES = 64 * 1024;
