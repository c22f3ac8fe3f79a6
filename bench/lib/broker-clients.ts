// A child process holding the broker scenario's MQTT.js clients — 1 publisher, N subscribers —
// so the broker under test never shares a thread with them. Driven by scenarios/broker.ts over IPC.
import mqtt from 'mqtt';

export interface FanOutRequest {
  url: string;
  subscribers: number;
  messages: number;
  qos: 0 | 1;
  payload: string;
  /** Publishing stops after this long even if not all `messages` are out, to keep the bench's time budget. */
  maxSeconds: number;
}

export interface FanOutResult {
  /** First publish to the last message received by the last subscriber (or to the stall). */
  seconds: number;
  received: number;
  /** Published × subscribers. */
  expected: number;
  /** Published; fewer than asked when `maxSeconds` cut the run short. */
  sent: number;
  /** CPU this client process used during the run: near `seconds` means the clients, not the broker, set the pace. */
  clientCpuSeconds: number;
  stalled: boolean;
}

/** Publishes not yet acknowledged (QoS 1) or not yet written (QoS 0) at most… */
const PUBLISH_WINDOW = { 0: 1000, 1: 100 } as const;
/** …and never more than this ahead of the slowest subscriber, so queues stay bounded. */
const MAX_LEAD = 2000;
const STALL_MS = 3000;

let run = 0;

async function fanOut(request: FanOutRequest): Promise<FanOutResult> {
  run++;
  const topic = `bench/fan-out/${run}`;
  const options = { username: 'public', password: 'public', reconnectPeriod: 0, connectTimeout: 10_000 };
  const id = (role: string) => `bench-${role}-${process.pid}-${run}`;
  const subscribers = await Promise.all(
    Array.from({ length: request.subscribers }, (_, i) => mqtt.connectAsync(request.url, { ...options, clientId: id(`sub${i}`) })),
  );
  const publisher = await mqtt.connectAsync(request.url, { ...options, clientId: id('pub') });
  try {
    const counts = subscribers.map(() => 0);
    let wake: (() => void) | undefined;
    const progress = () => {
      const resume = wake;
      wake = undefined;
      resume?.();
    };
    subscribers.forEach((client, i) => client.on('message', () => {
      counts[i]!++;
      progress();
    }));
    await Promise.all(subscribers.map((client) => client.subscribeAsync(topic, { qos: request.qos })));

    const payload = Buffer.from(request.payload);
    const window = PUBLISH_WINDOW[request.qos];
    const slowest = () => Math.min(...counts);
    const total = () => counts.reduce((a, b) => a + b, 0);
    let sent = 0;
    let toSend = request.messages;
    const expected = () => toSend * request.subscribers;
    let settled = 0;
    let lastProgress = performance.now();
    let lastTotal = 0;
    let finishedAt = performance.now();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const waitForProgress = () =>
      new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(progress, 50).unref();
      });
    while (true) {
      const received = total();
      const now = performance.now();
      if (received !== lastTotal) {
        lastTotal = received;
        lastProgress = finishedAt = now;
      }
      if (toSend === request.messages && now - start > request.maxSeconds * 1000) toSend = sent;
      if (received >= expected() || now - lastProgress > STALL_MS) break;
      if (sent < toSend && sent - settled < window && sent - slowest() < MAX_LEAD) {
        publisher.publish(topic, payload, { qos: request.qos }, () => {
          settled++;
          progress();
        });
        sent++;
        // Let sockets be read and written now and then, or the loop would starve them.
        if (sent % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
      } else {
        await waitForProgress();
      }
    }
    const used = process.cpuUsage(cpu);
    const received = total();
    return {
      seconds: (finishedAt - start) / 1000,
      received,
      expected: expected(),
      sent,
      clientCpuSeconds: (used.user + used.system) / 1e6,
      stalled: received < expected(),
    };
  } finally {
    await Promise.all([publisher, ...subscribers].map((client) => client.endAsync(true)));
  }
}

process.on('message', (request: FanOutRequest) => {
  fanOut(request).then(
    (result) => process.send?.({ ok: true, result }),
    (error: Error) => process.send?.({ ok: false, error: error.message }),
  );
});
process.on('disconnect', () => process.exit(0));
