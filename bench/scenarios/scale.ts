import mqtt from 'mqtt';
import { startRedis } from '../../test/fixtures/redis.js';
import { ChildTask } from '../lib/child.js';
import { sleep } from '../lib/cleanup.js';
import { rssMegabytesOf, startKitBroker, type KitBroker } from '../lib/kit-broker.js';
import { startMosquittoBroker } from '../lib/mosquitto-broker.js';
import type { BenchContext } from '../lib/context.js';
import type { Row, Scenario, ScenarioOutput } from '../lib/report.js';
import type { CollectResult, CuesResult, OpenResult, ScaleRequest, StatusResult } from '../lib/scale-clients.js';

const CLIENTS = Number(process.env.BENCH_SCALE_CLIENTS ?? 1000);
const SENSOR_TOPICS = 20;
/** hello messages published back to back, for deliveries per second. */
const BURST = 100;
/** Key presses at 10 per second, for publish → delivered latency. */
const PRESSES = 30;
/** Opened this many at a time, as a classroom's sketches arrive in waves, not all in one millisecond. */
const OPEN_BATCH = 50;

type Clients = ChildTask<ScaleRequest, unknown>;

interface Measured {
  open: OpenResult;
  burst: CollectResult;
  burstStartedAt: number;
  presses: CollectResult;
  rssMb?: number;
}

/**
 * A thousand sketches: N of the kit's clients (MQTT over WebSocket, persistent sessions) in
 * a child process, each subscribed to `hello`, one of 20 sensor topics (2 readings a second
 * each go by in the background) and `cue` (QoS 1). Against one embedded broker process, a
 * two-node cluster over Redis (each client given both nodes, half of them starting on each,
 * as behind a load balancer) and Debian's mosquitto: time to connect them all, hello fan-out
 * deliveries per second, key press → delivered latency, broker memory. Then one cluster node
 * is killed (SIGKILL) while QoS 1 cues go out every 100 ms: how many clients move to the
 * other node, how long until all are back, and how many cues were lost (must be 0).
 */
export const scaleScenario: Scenario = {
  name: 'scale',
  kit: 'the embedded broker: one process, and a two-node cluster over Redis (--cluster)',
  baseline: 'Debian mosquitto, same clients, same run',
  timeoutSeconds: () => 900,
  async run(ctx, out) {
    const clients = (): Clients =>
      ctx.cleanup.add(new ChildTask<ScaleRequest, unknown>(new URL('../lib/scale-clients.ts', import.meta.url)), 'the scale clients process', (task) => task.close());

    ctx.log(`scale: ${CLIENTS} clients, one embedded broker`);
    const single = await startKitBroker(ctx.cleanup);
    const alone = await measure(ctx, clients(), [[single.urls.ws]], 'one', single, [single.pid]);
    await single.kill();

    ctx.log(`scale: ${CLIENTS} clients, mosquitto`);
    const mosquitto = await startMosquittoBroker(ctx.cleanup);
    const anchor = await measure(ctx, clients(), [[mosquitto.urls.ws]], 'mosq', mosquitto, mosquitto.pid < 0 ? [] : [mosquitto.pid]);
    await mosquitto.kill();

    ctx.log(`scale: ${CLIENTS} clients, two cluster nodes over Redis`);
    const redis = ctx.cleanup.add(await startRedis(), 'redis-server', (r) => r.stop());
    const nodes = [await startKitBroker(ctx.cleanup, { cluster: redis.url }), await startKitBroker(ctx.cleanup, { cluster: redis.url })] as const;
    const task = clients();
    const cluster = await measure(ctx, task, [[nodes[0].urls.ws, nodes[1].urls.ws], [nodes[1].urls.ws, nodes[0].urls.ws]], 'duo', nodes[1], nodes.map((n) => n.pid));
    const redisRss = redis.pid === undefined ? undefined : rssMegabytesOf(redis.pid);

    report(out, 'one process', alone, anchor);
    report(out, '2-node cluster', cluster, anchor);
    if (redisRss !== undefined) out.notes.push(`2-node cluster: redis-server held ${redisRss.toFixed(0)} MB besides the nodes' RSS`);
    await killOneNode(ctx, out, task, nodes);
  },
};

async function measure(ctx: BenchContext, task: Clients, lists: string[][], idPrefix: string, publishTo: KitBroker, pids: number[]): Promise<Measured> {
  const open = (await task.ask({ op: 'open', lists, clients: CLIENTS, idPrefix, sensorTopics: SENSOR_TOPICS, batch: OPEN_BATCH }, 300_000)) as OpenResult;
  ctx.log(`scale: ${open.connected} connected in ${open.seconds.toFixed(1)} s`);
  const publisher = await mqtt.connectAsync(publishTo.urls.tcp, { clientId: `${idPrefix}-publisher`, reconnectPeriod: 0 });
  const sensors = setInterval(() => {
    for (let topic = 0; topic < SENSOR_TOPICS; topic++) void publisher.publishAsync(`sensors/${topic}`, String(Math.round(Math.random() * 100)));
  }, 500);
  try {
    const burstCollected = task.ask({ op: 'collect', topic: 'hello', expected: BURST * open.connected, timeoutMs: 60_000 }, 90_000) as Promise<CollectResult>;
    await sleep(200);
    const burstStartedAt = performance.timeOrigin + performance.now();
    await Promise.all(Array.from({ length: BURST }, () => publisher.publishAsync('hello', String(performance.timeOrigin + performance.now()))));
    const burst = await burstCollected;

    const pressesCollected = task.ask({ op: 'collect', topic: 'hello', expected: PRESSES * open.connected, timeoutMs: 30_000 }, 60_000) as Promise<CollectResult>;
    await sleep(200);
    for (let press = 0; press < PRESSES; press++) {
      await publisher.publishAsync('hello', String(performance.timeOrigin + performance.now()));
      await sleep(100);
    }
    const presses = await pressesCollected;
    const rss = pids.map(rssMegabytesOf);
    const measured: Measured = { open, burst, burstStartedAt, presses };
    if (rss.length > 0 && rss.every((mb) => mb !== undefined)) measured.rssMb = rss.reduce((sum, mb) => sum! + mb!, 0);
    return measured;
  } finally {
    clearInterval(sensors);
    await publisher.endAsync(true);
  }
}

function report(out: ScenarioOutput, label: string, kit: Measured, anchor: Measured): void {
  const rate = (m: Measured) => m.burst.received / ((m.burst.lastAt - m.burstStartedAt) / 1000);
  const rows: Row[] = [
    { metric: `${label}: connections held (of ${CLIENTS})`, kit: kit.open.connected, baseline: anchor.open.connected, goal: `${CLIENTS}`, met: (k) => k === CLIENTS },
    { metric: `${label}: seconds to connect and subscribe all`, kit: kit.open.seconds, baseline: anchor.open.seconds },
    { metric: `${label}: hello fan-out deliveries per second (${BURST} × ${CLIENTS})`, kit: rate(kit), baseline: rate(anchor) },
    { metric: `${label}: key press → delivered p50 ms`, kit: kit.presses.latencyP50, baseline: anchor.presses.latencyP50 },
    { metric: `${label}: key press → delivered p99 ms`, kit: kit.presses.latencyP99, baseline: anchor.presses.latencyP99 },
    { metric: `${label}: broker RSS MB${label.includes('cluster') ? ' (both nodes)' : ''}`, kit: kit.rssMb, baseline: anchor.rssMb },
  ];
  out.rows.push(...rows);
  for (const [name, m] of [[label, kit], ['mosquitto', anchor]] as const) {
    if (m.burst.received < BURST * m.open.connected) out.notes.push(`${name}: ${m.burst.received} of ${BURST * m.open.connected} burst deliveries arrived within 60 s`);
    if (m.presses.received < PRESSES * m.open.connected) out.notes.push(`${name}: ${m.presses.received} of ${PRESSES * m.open.connected} key presses arrived`);
  }
}

async function killOneNode(ctx: BenchContext, out: ScenarioOutput, task: Clients, nodes: readonly [KitBroker, KitBroker]): Promise<void> {
  const before = (await task.ask({ op: 'status' }, 10_000)) as StatusResult;
  const onDoomed = before.byPort[String(nodes[0].wsPort)] ?? 0;
  const cues = await mqtt.connectAsync(nodes[1].urls.tcp, { clientId: 'scale-cues', reconnectPeriod: 0 });
  const acked: number[] = [];
  const sending: Promise<unknown>[] = [];
  let next = 0;
  const timer = setInterval(() => {
    const n = next++;
    sending.push(cues.publishAsync('cue', String(n), { qos: 1 }).then(() => acked.push(n)));
  }, 100);
  try {
    await sleep(2000);
    await task.ask({ op: 'mark' }, 10_000);
    ctx.log(`scale: killing one node (${onDoomed} clients on it)`);
    const killedAt = Date.now();
    await nodes[0].kill();
    let status = before;
    const deadline = Date.now() + 60_000;
    do {
      await sleep(250);
      status = (await task.ask({ op: 'status' }, 10_000)) as StatusResult;
    } while (status.connected < before.connected && Date.now() < deadline);
    await sleep(2000);
    clearInterval(timer);
    await Promise.allSettled(sending);
    // aedes acknowledges a QoS 1 publish before it queues it for 1,000 sessions, so the
    // last cues may still be on their way: wait until nothing more arrives for 5 s (≤ 90 s).
    const stoppedAt = Date.now();
    let lost = (await task.ask({ op: 'cues', acked }, 30_000)) as CuesResult;
    for (let still = 0; lost.lost > 0 && still < 5 && Date.now() - stoppedAt < 90_000; ) {
      await sleep(1000);
      const now = (await task.ask({ op: 'cues', acked }, 30_000)) as CuesResult;
      still = now.lost === lost.lost ? still + 1 : 0;
      lost = now;
    }
    out.notes.push(`node killed: the last cue arrived ${((Date.now() - stoppedAt) / 1000).toFixed(0)} s or less after publishing stopped`);
    out.rows.push(
      { metric: `node killed: clients that were on it (of ${before.connected})`, kit: onDoomed, baseline: undefined },
      { metric: `node killed: clients connected to the other node afterwards (all ${before.connected} expected)`, kit: status.byPort[String(nodes[1].wsPort)] ?? 0, baseline: undefined },
      { metric: 'node killed: seconds until all had reconnected', kit: status.reconnected > 0 ? (status.lastReconnectAt - killedAt) / 1000 : undefined, baseline: undefined },
      { metric: `node killed: QoS 1 cues lost of ${acked.length} acknowledged × ${before.connected} clients (must be 0)`, kit: lost.lost, baseline: undefined },
    );
    if (lost.duplicates > 0) out.notes.push(`node killed: ${lost.duplicates} cues arrived twice (QoS 1 allows it: a cue in flight when the node died is sent again from the session's queue)`);
    if (lost.clientsMissing > 0) {
      out.notes.push(`node killed: ${lost.clientsMissing} clients missed cues (${lost.lostByStayers} of the misses by clients that did not move; ${lost.extraConnects} extra connections); missed cue numbers × clients: ${JSON.stringify(lost.missedCues)}`);
    }
  } finally {
    clearInterval(timer);
    await cues.endAsync(true);
  }
}
