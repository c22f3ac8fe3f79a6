import { Agent, request } from 'node:http';
import mqtt from 'mqtt';
import { ChildTask } from '../lib/child.js';
import { sleep } from '../lib/cleanup.js';
import { connectNodeClient } from '../lib/context.js';
import type { FanRequest, FanResult } from '../lib/fanout-clients.js';
import { startBridgeProcess } from '../lib/http-bridge.js';
import { startKitBroker } from '../lib/kit-broker.js';
import type { Scenario } from '../lib/report.js';

/** Requests (or QoS 1 publishes) in flight at once, as a few sensors or a spreadsheet would keep. */
const IN_FLIGHT = 8;
const PUBLISH_SECONDS = 5;
const READERS = 100;
const FAN_MESSAGES = 1000;
const FAN_RATE = 200;

/**
 * The HTTP bridge (its own process, as `npm run bridge -- http` runs it) in front of the
 * embedded broker (its own process) against MQTT.js talking to that broker directly:
 *
 * - publishes: `POST /publish/<topic>` with 8 requests in flight on keep-alive connections
 *   (fetch, in this process) for 5 s, against MQTT.js QoS 1 publishes with 8 in flight —
 *   each one answered (204 / PUBACK) before the next takes its place;
 * - fan-out: 100 Server-Sent Event streams (a child process) on one topic, 1,000 messages
 *   published at 200/s, against 100 MQTT.js subscribers (the same child) on the broker.
 */
export const bridgesScenario: Scenario = {
  name: 'bridges',
  kit: 'the HTTP bridge (POST /publish, GET /subscribe as Server-Sent Events) in its own process, in front of the embedded broker',
  baseline: 'MQTT.js straight to the same broker (QoS 1 publishes; MQTT subscribers)',
  timeoutSeconds: () => 120,
  async run(ctx, out) {
    const broker = await startKitBroker(ctx.cleanup);
    const bridge = await startBridgeProcess(broker.urls.tcp, ctx.cleanup);
    const publisher = await connectNodeClient(broker.urls.tcp, ctx.cleanup);

    ctx.log(`bridges: HTTP publishes, ${IN_FLIGHT} in flight for ${PUBLISH_SECONDS} s`);
    // node:http with keep-alive rather than fetch: a lighter client, so the bridge sets the pace.
    const agent = ctx.cleanup.add(new Agent({ keepAlive: true, maxSockets: IN_FLIGHT }), 'the HTTP agent', (a) => a.destroy());
    const cpuBefore = bridge.cpuSeconds();
    const ownBefore = process.cpuUsage();
    // QoS 1, so a 204 waits for the broker's PUBACK as the baseline's publishes do.
    const http = await paced(PUBLISH_SECONDS, () => post(`${bridge.url}/publish/bench/http?qos=1`, '42.5', agent));
    const ownCpu = process.cpuUsage(ownBefore);
    const cpuAfter = bridge.cpuSeconds();
    ctx.log(`bridges: MQTT QoS 1 publishes, ${IN_FLIGHT} in flight for ${PUBLISH_SECONDS} s`);
    const direct = await paced(PUBLISH_SECONDS, async () => {
      await publisher.publishAsync('bench/mqtt', '42.5', { qos: 1 });
      return true;
    });
    out.rows.push({ metric: `publishes/s answered (${IN_FLIGHT} in flight): HTTP 204 vs MQTT PUBACK`, kit: http.rate, baseline: direct.rate });
    if (cpuBefore !== undefined && cpuAfter !== undefined) {
      out.rows.push({ metric: 'HTTP bridge CPU µs per publish', kit: ((cpuAfter - cpuBefore) * 1e6) / http.ok, baseline: undefined });
    }
    if (http.failed > 0) out.notes.push(`${http.failed} HTTP publishes were not answered 204`);
    out.notes.push(`publishes: the HTTP client (this process) used ${(((ownCpu.user + ownCpu.system) / 1e6 / PUBLISH_SECONDS) * 100).toFixed(0)}% of a core, the bridge ${cpuBefore !== undefined && cpuAfter !== undefined ? `${(((cpuAfter - cpuBefore) / PUBLISH_SECONDS) * 100).toFixed(0)}%` : 'an unknown share'}`);

    const readers = ctx.cleanup.add(new ChildTask<FanRequest, FanResult>(new URL('../lib/fanout-clients.ts', import.meta.url)), 'the fan-out readers process', (task) => task.close());
    const fan = async (kind: 'sse' | 'mqtt'): Promise<FanResult & { bridgeCpu?: number }> => {
      ctx.log(`bridges: fan-out to ${READERS} ${kind === 'sse' ? 'event streams' : 'MQTT subscribers'}, ${FAN_MESSAGES} messages at ${FAN_RATE}/s`);
      const topic = `bench/fan/${kind}`;
      const { opened } = await readers.ask({ op: 'open', kind, url: kind === 'sse' ? bridge.url : broker.urls.tcp, topic, clients: READERS }, 60_000);
      if (opened !== READERS) throw new Error(`only ${opened} of ${READERS} ${kind} readers opened`);
      const collecting = readers.ask({ op: 'collect', expected: FAN_MESSAGES * READERS, timeoutMs: 30_000 }, 40_000);
      const before = bridge.cpuSeconds();
      await publishPaced(publisher, topic);
      const result = await collecting;
      const after = bridge.cpuSeconds();
      return { ...result, ...(before !== undefined && after !== undefined ? { bridgeCpu: after - before } : {}) };
    };
    const sse = await fan('sse');
    const subscribers = await fan('mqtt');
    out.rows.push({ metric: `fan-out to ${READERS}: messages delivered /s (all readers)`, kit: sse.received / sse.seconds, baseline: subscribers.received / subscribers.seconds });
    out.rows.push({ metric: `fan-out to ${READERS}: publish → reader latency p50, ms`, kit: sse.latencyP50, baseline: subscribers.latencyP50 });
    out.rows.push({ metric: `fan-out to ${READERS}: publish → reader latency p99, ms`, kit: sse.latencyP99, baseline: subscribers.latencyP99 });
    if (sse.bridgeCpu !== undefined) out.rows.push({ metric: 'HTTP bridge CPU µs per event delivered', kit: (sse.bridgeCpu * 1e6) / sse.received, baseline: undefined });
    for (const [name, result] of [['event streams', sse], ['MQTT subscribers', subscribers]] as const) {
      if (result.received < FAN_MESSAGES * READERS) out.notes.push(`${name}: ${result.received} of ${FAN_MESSAGES * READERS} messages arrived`);
    }
    out.details.fanOut = { sse, subscribers };
    out.notes.push(`fan-out: ${FAN_MESSAGES} messages paced at ${FAN_RATE}/s, so delivered/s tops out at ${FAN_RATE * READERS} when every reader keeps up; the readers' process used ${sse.clientCpuSeconds.toFixed(1)} s (streams) and ${subscribers.clientCpuSeconds.toFixed(1)} s (MQTT) of CPU`);
  },
};

/** Runs `once` with IN_FLIGHT calls always pending, for `seconds`; answers per second. */
async function paced(seconds: number, once: () => Promise<boolean>): Promise<{ rate: number; ok: number; failed: number }> {
  let ok = 0;
  let failed = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < end) {
        if (await once().catch(() => false)) ok++;
        else failed++;
      }
    }),
  );
  return { rate: ok / ((performance.now() - start) / 1000), ok, failed };
}

/** One POST; true when answered 204. */
function post(url: string, body: string, agent: Agent): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode === 204));
    });
    req.once('error', () => resolve(false));
    req.end(body);
  });
}

/** FAN_MESSAGES messages at FAN_RATE per second, each carrying the time it was sent. */
async function publishPaced(client: mqtt.MqttClient, topic: string): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < FAN_MESSAGES; i++) {
    const due = start + (i * 1000) / FAN_RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    client.publish(topic, String(performance.timeOrigin + performance.now()));
  }
}
