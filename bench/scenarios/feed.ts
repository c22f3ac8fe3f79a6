import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { FEED_FILTER } from '../../src/kit/activity-feed.js';
import { createBroker, defaultProfiles, type RunningBroker } from '../../src/node/broker/index.js';
import { startFanOutClients } from '../lib/fan-out-clients.js';
import { cpuSecondsOf, startKitBroker, type KitBroker } from '../lib/kit-broker.js';
import { publishHookNanos } from '../lib/publish-hook.js';
import type { Scenario } from '../lib/report.js';
import { median } from '../lib/stats.js';

const SUBSCRIBERS = 10;
const MESSAGES = 50_000;
const MAX_PUBLISH_SECONDS = 6;
/** Runs per side and state; the median is reported. */
const REPEATS = 3;
/** In-process rounds per side and state; the best is reported (the one a busy machine disturbed least). */
const HOOK_ROUNDS = 9;

interface Run {
  /** Messages received per second, all subscribers together. */
  rate: number;
  cpuMicrosPerMessage: number | undefined;
}

/**
 * What the class graph's activity feed ($SYS/kit/…) costs the broker, two ways, each against
 * the same broker code without the feed (`activityFeed: false`), first with nobody watching,
 * then with an admin subscribed to the feed:
 * - in this process, the work hooked onto aedes' 'publish' event per message (where the feed
 *   counts): fine-grained and steady, best of 9 alternating rounds;
 * - end to end, the broker scenario's fan-out (1 publisher → 10 subscribers, TCP, QoS 0, the
 *   same client process) through two brokers in processes of their own, broker CPU per
 *   message received: the whole picture, but two processes of the same configuration
 *   already differ by up to ~11 % on a shared machine; runs alternate, medians of 3.
 */
export const feedScenario: Scenario = {
  name: 'feed',
  kit: "the embedded broker with the class graph's activity feed, nobody watching, then an admin watching",
  baseline: 'the same broker without the feed (activityFeed: false), same clients, runs alternating',
  timeoutSeconds: () => 200,
  async run(ctx, out) {
    const clients = startFanOutClients(ctx.cleanup);
    const password = randomBytes(12).toString('hex');
    const env = { MQTT_ADMIN_PASSWORD: password };
    const withFeed = await startKitBroker(ctx.cleanup, {}, env);
    const without = await startKitBroker(ctx.cleanup, { activityFeed: false }, env);
    const inProcess = async (activityFeed: boolean): Promise<RunningBroker> => {
      const broker = await createBroker({ tcpPort: 0, wsPort: 0, logLevel: 'quiet', profiles: defaultProfiles(password), activityFeed });
      return ctx.cleanup.add(broker, 'an in-process broker', (b) => b.close());
    };
    const hookWithFeed = await inProcess(true);
    const hookWithout = await inProcess(false);
    const hooks: Record<string, number | undefined> = {};
    const compareHooks = (state: string): void => {
      const kit: number[] = [];
      const baseline: number[] = [];
      // A first round each, unrecorded, so both are compiled by the JIT before anything counts.
      publishHookNanos(hookWithout);
      publishHookNanos(hookWithFeed);
      for (let i = 0; i < HOOK_ROUNDS; i++) {
        baseline.push(publishHookNanos(hookWithout));
        kit.push(publishHookNanos(hookWithFeed));
      }
      hooks[state] = Math.min(...kit) - Math.min(...baseline);
      out.details[`${state}, in process`] = { kit, baseline };
      out.rows.push({
        metric: `${state}: in process, ns per message on aedes' 'publish' event`,
        kit: Math.min(...kit),
        baseline: Math.min(...baseline),
        ...(state === 'nobody watching' ? { goal: '≤ 1.1×', met: (_k: number, _b: number, r: number) => r <= 1.1 } : {}),
      });
    };

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
        // No goal here: two broker processes of the same configuration differed by 11 % in this
        // measure (0.89×, alternating runs, medians of 4), so it cannot see a cost below that.
      });
      // msg/s stays in the details only: on a shared machine the client process sets that pace,
      // and it moved by a third between runs of identical code.
    };

    compareHooks('nobody watching');
    await compare('nobody watching');

    const watch = async (url: string) => {
      const client = await mqtt.connectAsync(url, { username: 'admin', password, reconnectPeriod: 0, connectTimeout: 5000 });
      ctx.cleanup.add(client, 'a feed watcher', (c) => c.endAsync(true));
      await client.subscribeAsync(FEED_FILTER);
      return client;
    };
    await watch(hookWithFeed.urls.tcp);
    compareHooks('an admin watching');
    const watcher = await watch(withFeed.urls.tcp);
    let feedMessages = 0;
    let feedBytes = 0;
    watcher.on('message', (_topic, payload) => {
      feedMessages++;
      feedBytes += payload.length;
    });
    const watchStart = performance.now();
    await compare('an admin watching');
    const seconds = (performance.now() - watchStart) / 1000;
    out.notes.push(`the watcher received ${feedMessages} feed messages (${(feedBytes / 1024).toFixed(0)} KiB) in ${seconds.toFixed(0)} s`);
    const cpuPerReceived = out.rows.find((row) => row.metric.startsWith('an admin watching: broker CPU'))?.baseline;
    const added = hooks['an admin watching'];
    if (cpuPerReceived !== undefined && added !== undefined) {
      out.notes.push(
        `watched, the feed adds ${added.toFixed(0)} ns per published message in process; in the fan-out a published message costs the broker ` +
          `${(cpuPerReceived * SUBSCRIBERS).toFixed(0)} µs of CPU (${SUBSCRIBERS} deliveries), so ${((100 * added) / (cpuPerReceived * SUBSCRIBERS * 1000)).toFixed(3)} %`,
      );
    }
  },
};
