// A child process holding the bridges scenario's readers — N Server-Sent Event streams from
// the HTTP bridge, or N MQTT.js subscribers on the broker — so neither the bridge nor the
// broker shares a thread with them. Driven by scenarios/bridges.ts over IPC: `open`, then
// (while the scenario publishes) `collect`.
import { Agent, request } from 'node:http';
import mqtt from 'mqtt';
import { percentile } from './stats.js';

export type FanRequest =
  | { op: 'open'; kind: 'sse' | 'mqtt'; url: string; topic: string; clients: number }
  | { op: 'collect'; expected: number; timeoutMs: number };

export interface FanResult {
  opened: number;
  /** Messages received by all readers together. */
  received: number;
  /** First to last receipt, in seconds. */
  seconds: number;
  /** Publish (time in the payload) to receipt, ms. */
  latencyP50?: number;
  latencyP99?: number;
  /** CPU this process used while collecting. */
  clientCpuSeconds: number;
}

let closers: (() => void)[] = [];
let opened = 0;
let received = 0;
let firstAt = 0;
let lastAt = 0;
let latencies: number[] = [];
let wake: (() => void) | undefined;

/** Each payload is the wall-clock time it was published at (ms, fractional). */
function receive(payload: string): void {
  const now = performance.timeOrigin + performance.now();
  if (received === 0) firstAt = now;
  lastAt = now;
  received++;
  latencies.push(now - Number(payload));
  wake?.();
}

async function open(kind: 'sse' | 'mqtt', url: string, topic: string, clients: number): Promise<number> {
  closers = [];
  received = 0;
  latencies = [];
  if (kind === 'mqtt') {
    const options = { username: 'public', password: 'public', reconnectPeriod: 0, connectTimeout: 10_000 };
    const subscribers = await Promise.all(Array.from({ length: clients }, () => mqtt.connectAsync(url, options)));
    for (const client of subscribers) {
      client.on('message', (_topic, payload) => receive(payload.toString()));
      closers.push(() => void client.endAsync(true));
    }
    await Promise.all(subscribers.map((client) => client.subscribeAsync(topic)));
    return subscribers.length;
  }
  const agent = new Agent({ keepAlive: true, maxSockets: clients + 10 });
  closers.push(() => agent.destroy());
  const streams = await Promise.all(
    Array.from({ length: clients }, () =>
      new Promise<void>((resolve, reject) => {
        const req = request(`${url}/subscribe?topic=${encodeURIComponent(topic)}`, { agent }, (res) => {
          if (res.statusCode !== 200) return reject(new Error(`the bridge answered ${res.statusCode}`));
          res.setEncoding('utf8');
          let buffer = '';
          // A lean reader: only `data:` lines matter here, one JSON object each.
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let at: number;
            while ((at = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, at);
              buffer = buffer.slice(at + 2);
              const data = block.indexOf('data: ');
              if (data >= 0) receive((JSON.parse(block.slice(data + 6)) as { payload: string }).payload);
            }
          });
          res.on('error', () => {});
          resolve();
        });
        req.on('error', reject);
        closers.push(() => req.destroy());
        req.end();
      }),
    ),
  );
  return streams.length;
}

async function collect(expected: number, timeoutMs: number): Promise<FanResult> {
  const cpu = process.cpuUsage();
  const deadline = performance.now() + timeoutMs;
  while (received < expected && performance.now() < deadline) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 100).unref();
    });
  }
  wake = undefined;
  const used = process.cpuUsage(cpu);
  const result: FanResult = {
    opened,
    received,
    seconds: (lastAt - firstAt) / 1000,
    clientCpuSeconds: (used.user + used.system) / 1e6,
  };
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  if (p50 !== undefined) result.latencyP50 = p50;
  if (p99 !== undefined) result.latencyP99 = p99;
  for (const close of closers) close();
  closers = [];
  return result;
}

process.on('message', (message: FanRequest) => {
  const work = message.op === 'open'
    ? open(message.kind, message.url, message.topic, message.clients).then((count): FanResult => ((opened = count), { opened, received: 0, seconds: 0, clientCpuSeconds: 0 }))
    : collect(message.expected, message.timeoutMs);
  work.then(
    (result) => process.send?.({ ok: true, result }),
    (error: Error) => process.send?.({ ok: false, error: error.message }),
  );
});
process.on('disconnect', () => process.exit(0));
