// A child process holding the scale scenario's simulated sketches: N of the kit's own
// clients (src/mqtt connect(), MQTT.js over WebSocket, as a sketch's worker runs it), so
// the brokers never share a thread with them. Driven by scenarios/scale.ts over IPC.
import { connect } from '../../src/mqtt/connect.js';
import type { MqttClient } from '../../src/mqtt/client.js';
import { percentile } from './stats.js';

export type ScaleRequest =
  | { op: 'open'; lists: string[][]; clients: number; idPrefix: string; sensorTopics: number; batch: number }
  | { op: 'collect'; topic: 'hello'; expected: number; timeoutMs: number }
  | { op: 'mark' }
  | { op: 'status' }
  | { op: 'cues'; acked: number[] }
  | { op: 'close' };

export interface OpenResult {
  connected: number;
  /** From the first connect to the last subscription acknowledged. */
  seconds: number;
}

export interface CollectResult {
  received: number;
  firstAt: number;
  lastAt: number;
  /** Publish time (in the payload) to receipt, ms. */
  latencyP50?: number;
  latencyP99?: number;
  clientCpuSeconds: number;
}

export interface StatusResult {
  connected: number;
  /** Connected clients by the port of the node they are on. */
  byPort: Record<string, number>;
  /** Clients that connected again since `mark`, and when the last of them did (ms since 1970). */
  reconnected: number;
  lastReconnectAt: number;
  /** Error events the clients raised (each says a problem once, e.g. a node unreachable). */
  errors: number;
}

export interface CuesResult {
  /** Acknowledged cues that some client never received, summed over clients. */
  lost: number;
  clientsMissing: number;
  duplicates: number;
  /** Of the lost ones, those of clients that did not have to move. */
  lostByStayers: number;
  /** How often each lost cue number was missed, for the notes. */
  missedCues: Record<string, number>;
  /** Connections beyond the first and the move. */
  extraConnects: number;
}

type Result = OpenResult | CollectResult | StatusResult | CuesResult | Record<string, never>;

interface Sketch {
  client: MqttClient;
  cues: number[];
  reconnectedAt?: number;
  connects: number;
}

let sketches: Sketch[] = [];
let hello: { latencies: number[]; received: number; firstAt: number; lastAt: number; wake?: () => void } = { latencies: [], received: 0, firstAt: 0, lastAt: 0 };
let markedAt = Number.POSITIVE_INFINITY;
let errors = 0;

const now = () => performance.timeOrigin + performance.now();

async function open({ lists, clients, idPrefix, sensorTopics, batch }: Extract<ScaleRequest, { op: 'open' }>): Promise<OpenResult> {
  const started = now();
  for (let first = 0; first < clients; first += batch) {
    const opening: Promise<unknown>[] = [];
    for (let i = first; i < Math.min(clients, first + batch); i++) {
      // Persistent sessions, so QoS 1 cues published while a client moves node wait for it.
      const client = connect(lists[i % lists.length]!, `${idPrefix}-${i}`, { deliver: 'immediate', clean: false, reconnect: { min: 500, max: 4000 } });
      const sketch: Sketch = { client, cues: [], connects: 0 };
      sketches.push(sketch);
      // Counted, not printed: a thousand clients each saying "cannot reach" once bury the log.
      client.on('error', () => errors++);
      client.on('connected', () => {
        sketch.connects++;
        if (now() > markedAt && sketch.reconnectedAt === undefined) sketch.reconnectedAt = now();
      });
      client.on('message', (message) => {
        if (message.topic === 'hello') receiveHello(message.text);
        else if (message.topic === 'cue') sketch.cues.push(Number(message.text));
      });
      opening.push(
        client.subscribe('hello'),
        client.subscribe(`sensors/${i % sensorTopics}`),
        client.subscribe('cue', undefined, { qos: 1 }),
      );
    }
    await Promise.all(opening);
  }
  return { connected: sketches.filter((s) => s.client.connected).length, seconds: (now() - started) / 1000 };
}

/** Each hello payload is the wall-clock time it was published at (ms, fractional). */
function receiveHello(text: string): void {
  const at = now();
  if (hello.received === 0) hello.firstAt = at;
  hello.lastAt = at;
  hello.received++;
  hello.latencies.push(at - Number(text));
  hello.wake?.();
}

async function collect({ expected, timeoutMs }: Extract<ScaleRequest, { op: 'collect' }>): Promise<CollectResult> {
  hello = { latencies: [], received: 0, firstAt: 0, lastAt: 0 };
  const cpu = process.cpuUsage();
  const deadline = performance.now() + timeoutMs;
  while (hello.received < expected && performance.now() < deadline) {
    await new Promise<void>((resolve) => {
      hello.wake = resolve;
      setTimeout(resolve, 100).unref();
    });
  }
  hello.wake = undefined;
  const used = process.cpuUsage(cpu);
  const result: CollectResult = { received: hello.received, firstAt: hello.firstAt, lastAt: hello.lastAt, clientCpuSeconds: (used.user + used.system) / 1e6 };
  const p50 = percentile(hello.latencies, 50);
  const p99 = percentile(hello.latencies, 99);
  if (p50 !== undefined) result.latencyP50 = p50;
  if (p99 !== undefined) result.latencyP99 = p99;
  return result;
}

function status(): StatusResult {
  const byPort: Record<string, number> = {};
  let connected = 0;
  for (const { client } of sketches) {
    if (!client.connected) continue;
    connected++;
    const port = /:(\d+)\S* as '/.exec(client.statusText)?.[1] ?? '?';
    byPort[port] = (byPort[port] ?? 0) + 1;
  }
  const reconnects = sketches.map((s) => s.reconnectedAt).filter((at): at is number => at !== undefined);
  return { connected, byPort, reconnected: reconnects.length, lastReconnectAt: Math.max(0, ...reconnects), errors };
}

function cues(acked: number[]): CuesResult {
  let lost = 0;
  let clientsMissing = 0;
  let duplicates = 0;
  let lostByStayers = 0;
  let extraConnects = 0;
  const missedCues: Record<string, number> = {};
  for (const sketch of sketches) {
    const seen = new Set(sketch.cues);
    duplicates += sketch.cues.length - seen.size;
    const missing = acked.filter((n) => !seen.has(n));
    lost += missing.length;
    if (sketch.reconnectedAt === undefined) lostByStayers += missing.length;
    extraConnects += Math.max(0, sketch.connects - (sketch.reconnectedAt === undefined ? 1 : 2));
    for (const n of missing) missedCues[n] = (missedCues[n] ?? 0) + 1;
    if (missing.length > 0) clientsMissing++;
  }
  return { lost, clientsMissing, duplicates, lostByStayers, missedCues, extraConnects };
}

async function close(): Promise<Record<string, never>> {
  await Promise.all(sketches.map(({ client }) => client.disconnect()));
  sketches = [];
  return {};
}

process.on('message', (request: ScaleRequest) => {
  const work: Promise<Result> =
    request.op === 'open' ? open(request)
      : request.op === 'collect' ? collect(request)
        : request.op === 'mark' ? Promise.resolve(((markedAt = now()), {}))
          : request.op === 'status' ? Promise.resolve(status())
            : request.op === 'cues' ? Promise.resolve(cues(request.acked))
              : close();
  work.then(
    (result) => process.send?.({ ok: true, result }),
    (error: Error) => process.send?.({ ok: false, error: error.message }),
  );
});
process.on('disconnect', () => process.exit(0));
