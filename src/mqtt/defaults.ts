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
/**
 * QoS 1/2 publishes held while the broker is away. MQTT.js would keep every one in memory
 * until it reconnects: a piece publishing 10 a second through a weekend outage would hold
 * millions. Past this many, new ones are refused (said, and counted in `stats.unsent`); the
 * ones held go out, in order, when the broker is back.
 */
export const MAX_HELD_PUBLISHES = 1000;
