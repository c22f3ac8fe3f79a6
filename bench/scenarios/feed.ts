import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { FEED_FILTER } from '../../src/kit/activity-feed.js';
import type { FanOutRequest, FanOutResult } from '../lib/broker-clients.js';
import { ChildTask } from '../lib/child.js';
import { cpuSecondsOf, startKitBroker, type KitBroker } from '../lib/kit-broker.js';
import type { Scenario } from '../lib/report.js';
import { median } from '../lib/stats.js';

const SUBSCRIBERS = 10;
const MESSAGES = 50_000;
const MAX_PUBLISH_SECONDS = 6;
/** Runs per side and state; the median is reported. */
const REPEATS = 3;

interface Run {
  rate: number;
  cpuMicrosPerMessage: number | undefined;
}

/**
 * What the class graph's activity feed ($SYS/kit/…) costs the broker: the fan-out of the
 * broker scenario (1 publisher → 10 subscribers, TCP, QoS 0, same client process) against
 * two brokers of the same code in processes of their own, one with the feed and one
 * without (`activityFeed: false`), first with nobody watching, then with an admin
 * subscribed to the feed. Runs alternate between the two, so a burst of load on a shared
 * machine lands on both sides alike; medians of 3.
 */
export const feedScenario: Scenario = {
  name: 'feed',
  kit: "the embedded broker with the class graph's activity feed, nobody watching, then an admin watching",
  baseline: 'the same broker without the feed (activityFeed: false), same clients, runs alternating',
  timeoutSeconds: () => 200,
  async run(ctx, out) {
    const clients = ctx.cleanup.add(
      new ChildTask<FanOutRequest, FanOutResult>(new URL('../lib/broker-clients.ts', import.meta.url)),
      'the broker clients process',
      (task) => task.close(),
    );
    const password = randomBytes(12).toString('hex');
    const env = { MQTT_ADMIN_PASSWORD: password };
    const withFeed = await startKitBroker(ctx.cleanup, {}, env);
    const without = await startKitBroker(ctx.cleanup, { activityFeed: false }, env);

    const once = async (broker: KitBroker): Promise<Run> => {
      const before = cpuSecondsOf(broker.pid);
      const result = await clients.ask(
        { url: broker.urls.tcp, subscribers: SUBSCRIBERS, messages: MESSAGES, qos: 0, payload: '42.5', maxSeconds: MAX_PUBLISH_SECONDS },
        120_000,
      );
      const after = cpuSecondsOf(broker.pid);
      const crash = broker.crash();
      if (crash) throw new Error(`a broker crashed: ${crash}`);
      if (result.stalled) out.notes.push(`a run stalled with ${result.received} of ${result.expected} messages received`);
      return {
        rate: result.received / result.seconds,
        cpuMicrosPerMessage: before === undefined || after === undefined ? undefined : ((after - before) * 1e6) / result.received,
      };
    };
    const compare = async (state: string): Promise<void> => {
      const kit: Run[] = [];
      const baseline: Run[] = [];
      for (let i = 0; i < REPEATS; i++) {
        ctx.log(`feed: ${state}, run ${i + 1} of ${REPEATS}`);
        baseline.push(await once(without));
        kit.push(await once(withFeed));
      }
      const cpu = (runs: Run[]) => median(runs.flatMap((run) => (run.cpuMicrosPerMessage === undefined ? [] : [run.cpuMicrosPerMessage])));
      out.details[state] = { kit, baseline };
      out.rows.push({
        metric: `${state}: broker CPU µs per message received (1 → ${SUBSCRIBERS}, TCP QoS 0)`,
        kit: cpu(kit),
        baseline: cpu(baseline),
        // Unwatched, no per-message code runs at all, so what is left is run-to-run noise
        // (±10 % per run on a busy 2-core machine).
        ...(state === 'nobody watching' ? { goal: '≤ 1.1× (noise)', met: (_k: number, _b: number, r: number) => r <= 1.1 } : {}),
      });
      out.rows.push({ metric: `${state}: msg/s received`, kit: median(kit.map((run) => run.rate)), baseline: median(baseline.map((run) => run.rate)) });
    };

    await compare('nobody watching');

    const watcher = ctx.cleanup.add(
      await mqtt.connectAsync(withFeed.urls.tcp, { username: 'admin', password, reconnectPeriod: 0, connectTimeout: 5000 }),
      'the feed watcher',
      (client) => client.endAsync(true),
    );
    let feedMessages = 0;
    let feedBytes = 0;
    watcher.on('message', (_topic, payload) => {
      feedMessages++;
      feedBytes += payload.length;
    });
    await watcher.subscribeAsync(FEED_FILTER);
    const watchStart = performance.now();
    await compare('an admin watching');
    const seconds = (performance.now() - watchStart) / 1000;
    out.notes.push(`the watcher received ${feedMessages} feed messages (${(feedBytes / 1024).toFixed(0)} KiB) in ${seconds.toFixed(0)} s`);
  },
};
