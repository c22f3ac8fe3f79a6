// A child process that floods an MQTT broker over TCP when its parent asks (IPC), so the
// publishing load runs beside the broker instead of on its thread. Started by publisher.ts.
import mqtt from 'mqtt';
import type { FloodRequest, FloodResult } from './publisher.js';

/** Above this many bytes waiting in a socket, that connection sits out the tick: we back off, we don't buffer. */
const MAX_WAITING_BYTES = 256 * 1024;
const TICK_MS = 2;

async function flood(request: FloodRequest): Promise<FloodResult> {
  const asked = performance.now();
  const clients = await Promise.all(
    Array.from({ length: request.connections }, (_, i) =>
      mqtt.connectAsync(request.url, {
        username: 'public', password: 'public', clientId: `bench-flood-${process.pid}-${i}`, reconnectPeriod: 0, connectTimeout: 5000,
      }),
    ),
  );
  const payload = Buffer.from(request.payload);
  // A connection the broker dropped (or a broker that died) ends the flood early and says so.
  let lost: string | undefined;
  let flooding = true;
  for (const client of clients) {
    client.on('close', () => {
      if (flooding) lost ??= 'a publisher connection closed during the flood';
    });
  }
  let sent = 0;
  let stalledTicks = 0;
  const start = performance.now();
  const startedAt = performance.timeOrigin + start;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      if (elapsed >= request.seconds * 1000 || lost) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up to where the rate says we should be; a busy socket ends the tick early,
      // so the achieved rate drops instead of memory growing.
      const due = Math.floor((request.rate * elapsed) / 1000) - sent;
      for (let i = 0; i < due; i++) {
        const client = clients[sent % clients.length]!;
        if (client.stream.writableLength > MAX_WAITING_BYTES) {
          stalledTicks++;
          break;
        }
        client.publish(request.topics[sent % request.topics.length]!, payload, { qos: 0 });
        sent++;
      }
    }, TICK_MS);
  });
  const end = performance.now();
  flooding = false;
  // Forced: a clean DISCONNECT would wait behind everything still queued, or forever if the broker is gone.
  await Promise.all(clients.map((client) => client.endAsync(true)));
  const phasesMs = { connect: start - asked, publish: end - start, close: performance.now() - end };
  return { ...(lost ? { lost } : {}), phasesMs, sent, seconds: (end - start) / 1000, startedAt, endedAt: performance.timeOrigin + end, stalledTicks };
}

process.on('message', (request: FloodRequest) => {
  flood(request).then(
    (result) => process.send?.({ ok: true, result }),
    (error: Error) => process.send?.({ ok: false, error: error.message }),
  );
});
// The parent going away (even killed) closes the IPC channel: leave with it.
process.on('disconnect', () => process.exit(0));
