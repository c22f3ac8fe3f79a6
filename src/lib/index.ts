/**
 * The script-tag build (`npm run build:lib` → dist-lib/p5-mqtt.min.js): loaded after p5 — 1.x
 * or 2.x — it gives every sketch `connectMqtt()` and calls `messageReceived()`,
 * `clientConnected()`, `connectionLost()` by name, as the Vite addon does; pages without p5
 * get the global `p5mqtt` (`p5mqtt.connect(url, clientId)`, the npm package's `connect`, and
 * the helpers). Inside the
 * worker it starts for itself (see spawn-blob-worker.ts) it serves the MQTT connection instead.
 *
 * @example
 * <script src="p5.min.js"></script>
 * <script src="p5-mqtt.min.js"></script>
 * <script>
 *   let client;
 *   function setup() { createCanvas(400, 400); client = connectMqtt('wss://public:public@public.cloud.shiftr.io'); client.subscribe('hello'); }
 *   function keyPressed() { client.publish('hello', 'world'); }
 *   function messageReceived(topic, message) { print(topic + ': ' + message); }
 * </script>
 */
import { serveTransport, type Port } from '../mqtt/worker/host.js';
import { registerOnP5 } from '../p5/register-on-p5.js';

declare const WorkerGlobalScope: (new () => object) | undefined;
const inWorker = typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope;

if (inWorker) serveTransport(globalThis as unknown as Port);
else if (!registerOnP5((globalThis as { p5?: unknown }).p5)) {
  // Not an error: a page may only want p5mqtt.connect(). Said in case p5 was meant to be first.
  console.info('[mqtt] p5-mqtt.min.js found no p5 on the page: load p5 first for connectMqtt(), or call p5mqtt.register(p5) once it is there. p5mqtt.connect() works without p5.');
}

// The npm package's connect(), not the kit's page-aware one: one name, one meaning.
export { connect } from '../mqtt/connect.js';
export { registerOnP5 as register };
export { parseBrokerUrl, maskUrl, BrokerUrlError } from '../mqtt/url.js';
export { matchTopic, topicProblem, filterProblem } from '../mqtt/topics.js';
export { createMessage, encodePayload } from '../mqtt/payload.js';
export const version = __KIT_VERSION__;
