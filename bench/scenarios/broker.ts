import type { FanOutResult } from '../lib/broker-clients.js';
import { startFanOutClients } from '../lib/fan-out-clients.js';
import { cpuSecondsOf, startKitBroker } from '../lib/kit-broker.js';
import { startMosquittoBroker } from '../lib/mosquitto-broker.js';
import { framesPerMessage } from '../lib/ws-frames.js';
import type { Scenario } from '../lib/report.js';

const SUBSCRIBERS = 10;
/** Per run; 8 runs must fit the bench's 5 minutes on a busy 2-core machine. */
const MAX_PUBLISH_SECONDS = 6;
const CASES = [
  { transport: 'tcp', qos: 0, messages: 100_000 },
  { transport: 'tcp', qos: 1, messages: 20_000 },
  { transport: 'ws', qos: 0, messages: 100_000 },
  { transport: 'ws', qos: 1, messages: 20_000 },
] as const;

interface Target {
  name: 'kit' | 'mosquitto';
  tcp: string;
  ws: string;
  pid: number | undefined;
}

interface Run extends FanOutResult {
  rate: number;
  brokerCpuSeconds?: number;
}

/**
 * First, how many WebSocket frames each broker sends per MQTT message (each frame is one
 * message event in a browser). Then 1 publisher → 10 subscribers on one topic, the same MQTT.js client code (in a child
 * process, bench/lib/broker-clients.ts) against the embedded broker (its own process,
 * as `npm start` runs it) and Debian's mosquitto, over TCP and over WebSocket. Throughput
 * is messages received by all subscribers ÷ time from the first publish to the last
 * receipt. Both brokers run with their defaults (mosquitto: 20 QoS 1 messages in flight
 * per client; aedes: no such limit).
 */
export const brokerScenario: Scenario = {
  name: 'broker',
  kit: 'the embedded broker (createBroker, aedes) in its own process',
  baseline: 'Debian mosquitto, same client code, same run',
  timeoutSeconds: () => 200,
  async run(ctx, out) {
    const clients = startFanOutClients(ctx.cleanup);
    const kit = await startKitBroker(ctx.cleanup);
    const mosquitto = await startMosquittoBroker(ctx.cleanup);
    const targets: Target[] = [
      { name: 'kit', tcp: kit.urls.tcp, ws: kit.urls.ws, pid: kit.pid },
      { name: 'mosquitto', tcp: mosquitto.urls.tcp, ws: mosquitto.urls.ws, pid: mosquitto.pid < 0 ? undefined : mosquitto.pid },
    ];
    ctx.log('broker: WebSocket frames per message');
    out.rows.push({
      metric: 'WebSocket frames sent per MQTT message',
      kit: await framesPerMessage(kit.urls),
      baseline: await framesPerMessage(mosquitto.urls),
    });
    for (const { transport, qos, messages } of CASES) {
      const runs: Partial<Record<Target['name'], Run>> = {};
      const label = `${transport === 'tcp' ? 'TCP' : 'WebSocket'} QoS ${qos}`;
      out.details[label] = runs;
      for (const target of targets) {
        ctx.log(`broker: ${label}, ${messages.toLocaleString('en-US')} messages × ${SUBSCRIBERS}, ${target.name}`);
        const cpuBefore = target.pid === undefined ? undefined : cpuSecondsOf(target.pid);
        const result = await clients.ask({ url: target[transport], subscribers: SUBSCRIBERS, messages, qos, payload: '42.5', maxSeconds: MAX_PUBLISH_SECONDS }, 150_000);
        const cpuAfter = target.pid === undefined ? undefined : cpuSecondsOf(target.pid);
        runs[target.name] = {
          ...result,
          rate: result.received / result.seconds,
          ...(cpuBefore !== undefined && cpuAfter !== undefined ? { brokerCpuSeconds: cpuAfter - cpuBefore } : {}),
        };
        if (kit.crash()) throw new Error(`the embedded broker crashed: ${kit.crash()}`);
      }
      const k = runs.kit!;
      const m = runs.mosquitto!;
      out.rows.push({
        metric: `${label}: msg/s received (1 → ${SUBSCRIBERS})`,
        kit: k.rate,
        baseline: m.rate,
        ...(transport === 'ws' ? { goal: '≥ 1.0×', met: (_k: number, _b: number, r: number) => r >= 1 } : {}),
      });
      const perMessage = (run: Run) => (run.brokerCpuSeconds === undefined ? undefined : (run.brokerCpuSeconds * 1e6) / run.received);
      out.rows.push({ metric: `${label}: broker CPU µs per message received`, kit: perMessage(k), baseline: perMessage(m) });
      const all = Object.entries(runs);
      const cut = all.filter(([, run]) => run.sent < messages);
      if (cut.length > 0) out.notes.push(`${label}: publishing stopped at ${MAX_PUBLISH_SECONDS} s (time budget) after ${cut.map(([name, run]) => `${run.sent.toLocaleString('en-US')} (${name})`).join(', ')} of ${messages.toLocaleString('en-US')} messages`);
      for (const [name, run] of all) if (run.stalled) out.notes.push(`${label} ${name}: stalled with ${run.received} of ${run.expected} messages received`);
      const busy = all.map(([name, run]) => `${Math.round((100 * run.clientCpuSeconds) / run.seconds)}% (${name})`);
      if (all.some(([, run]) => run.clientCpuSeconds > 0.8 * run.seconds)) {
        out.notes.push(`${label}: the client process was busy ${busy.join(', ')} of the time, so the clients may have set the pace; broker CPU per message is the fairer figure`);
      }
    }
  },
};
