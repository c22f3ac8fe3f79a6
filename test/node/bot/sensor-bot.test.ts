import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startTestBroker, type TestBroker } from '../../fixtures/aedes-broker.js';
import { runCli, type CliRun } from '../../fixtures/spawn-cli.js';
import { startSensorBot } from '../../../src/node/bot/sensor-bot.js';

describe('npm run bot', () => {
  let broker: TestBroker;
  let run: CliRun | undefined;

  beforeEach(async () => {
    broker = await startTestBroker({ public: 'public' });
  });
  afterEach(async () => {
    if (run && run.child.exitCode === null) {
      run.kill('SIGKILL');
      await run.exited;
    }
    await broker.close();
  });

  it('publishes integers 0–100 on its three topics with QoS 1, prints acks and what it receives', async () => {
    const watcher = await mqtt.connectAsync(broker.tcpUrl, { username: 'public', password: 'public' });
    const seen: { topic: string; value: string; qos: number }[] = [];
    watcher.on('message', (topic, payload, packet) => seen.push({ topic, value: payload.toString(), qos: packet.qos }));
    await watcher.subscribeAsync(['temperatura', 'umidade', 'luminosidade'], { qos: 1 });

    run = runCli('src/node/cli/bot.ts', ['--url', `mqtt://public:public@127.0.0.1:${broker.tcpPort}`, '--client-id', 'bot', '--interval', '50']);
    await run.waitForOutput(/connected to mqtt:\/\/public:\*\*\*\*@127\.0\.0\.1:\d+ as 'bot'/);
    const topics = new Set<string>();
    const deadline = Date.now() + 10_000;
    while (topics.size < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const m of seen) topics.add(m.topic);
    }
    expect([...topics].sort()).toEqual(['luminosidade', 'temperatura', 'umidade']);
    for (const m of seen) {
      expect(m.value).toMatch(/^\d+$/);
      expect(Number(m.value)).toBeGreaterThanOrEqual(0);
      expect(Number(m.value)).toBeLessThanOrEqual(100);
      expect(m.qos).toBe(1);
    }
    await run.waitForOutput(/published (temperatura|umidade|luminosidade) = \d+ \(acknowledged by the broker\)/);
    // Its own publications come back through its subscriptions, as in the tutorial.
    await run.waitForOutput(/received (temperatura|umidade|luminosidade): \d+/);
    await watcher.publishAsync('umidade', 'from outside');
    await run.waitForOutput(/received umidade: from outside/);
    await watcher.endAsync();

    run.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('takes an id of its own unless told one, and prints only errors with --quiet', async () => {
    const watcher = await mqtt.connectAsync(broker.tcpUrl, { username: 'public', password: 'public' });
    let readings = 0;
    watcher.on('message', () => readings++);
    await watcher.subscribeAsync(['temperatura', 'umidade', 'luminosidade']);
    const ids = new Set<string>();
    for (const args of [[], ['--quiet']]) {
      run = runCli('src/node/cli/bot.ts', ['--url', `mqtt://public:public@127.0.0.1:${broker.tcpPort}`, '--interval', '50', ...args]);
      const deadline = Date.now() + 10_000;
      const before = readings;
      while (readings < before + 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(readings).toBeGreaterThanOrEqual(before + 3);
      run.kill('SIGINT');
      expect(await run.exited).toBe(0);
      if (args.length === 0) ids.add(run.output().match(/as '(bot-[0-9a-f]{6})'/)![1]!);
      else expect(run.output()).toBe('');
    }
    run = runCli('src/node/cli/bot.ts', ['--url', `mqtt://public:public@127.0.0.1:${broker.tcpPort}`, '--interval', '50']);
    ids.add((await run.waitForOutput(/as '(bot-[0-9a-f]{6})'/))[1]!);
    expect(ids.size).toBe(2);
    await watcher.endAsync();
  });

  it('with --retain, a subscriber that joins after the bot stopped gets each topic\'s last reading at once', async () => {
    const url = `mqtt://public:public@127.0.0.1:${broker.tcpPort}`;
    const lateReadings = async (topics: string[], ms: number) => {
      const late = await mqtt.connectAsync(broker.tcpUrl, { username: 'public', password: 'public' });
      const got = new Map<string, { value: string; retain: boolean }>();
      late.on('message', (topic, payload, packet) => got.set(topic, { value: payload.toString(), retain: packet.retain }));
      await late.subscribeAsync(topics, { qos: 1 });
      const deadline = Date.now() + ms;
      while (got.size < topics.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await late.endAsync();
      return got;
    };
    const watcher = await mqtt.connectAsync(broker.tcpUrl, { username: 'public', password: 'public' });
    const last = new Map<string, string>();
    watcher.on('message', (topic, payload) => last.set(topic, payload.toString()));
    await watcher.subscribeAsync('#', { qos: 1 });

    // Without it, the broker keeps nothing.
    const plain = startSensorBot({ url, interval: 20, topics: ['plain/a'], print: () => {} });
    while (!last.has('plain/a')) await new Promise((resolve) => setTimeout(resolve, 20));
    await plain.stop();
    expect((await lateReadings(['plain/a'], 300)).size).toBe(0);

    const topics = ['kept/temperatura', 'kept/umidade', 'kept/luminosidade'];
    run = runCli('src/node/cli/bot.ts', ['--url', url, '--interval', '30', '--topics', topics.join(','), '--pattern', 'walk', '--retain', '--quiet']);
    const deadline = Date.now() + 20_000;
    while (topics.some((t) => !last.has(t)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    run.kill('SIGINT');
    expect(await run.exited).toBe(0);
    const got = await lateReadings(topics, 5000);
    for (const topic of topics) expect(got.get(topic), topic).toEqual({ value: last.get(topic), retain: true });
    await watcher.endAsync();
  }, 60_000);

  it('refuses an unknown --pattern, naming the ones it knows', async () => {
    run = runCli('src/node/cli/bot.ts', ['--url', `mqtt://127.0.0.1:${broker.tcpPort}`, '--pattern', 'square']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/--pattern must be one of random, sine, walk, daycycle, got 'square'/);
  });

  it('exits non-zero with one clear message when the password is refused', async () => {
    run = runCli('src/node/cli/bot.ts', ['--url', `mqtt://public:wrong@127.0.0.1:${broker.tcpPort}`, '--interval', '50']);
    const code = await run.exited;
    expect(code).not.toBe(0);
    expect(run.output()).toMatch(/error: .*refused the user name or password/);
    expect(run.output()).not.toContain('wrong');
    expect(run.output().match(/^error:/gm)).toHaveLength(1);
    expect(broker.connectAttempts).toBe(1);
  });

  it('tells whether its first connection was accepted or refused, and why', async () => {
    const quiet = () => {};
    const good = startSensorBot({ url: `mqtt://public:public@127.0.0.1:${broker.tcpPort}`, interval: 1000, topics: ['t'], print: quiet });
    expect(await good.firstConnection).toEqual({ ok: true });
    await good.stop();
    const bad = startSensorBot({ url: `mqtt://public:wrong@127.0.0.1:${broker.tcpPort}`, interval: 1000, topics: ['t'], print: quiet });
    const refused = await bad.firstConnection;
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/refused the user name or password/);
    expect(await bad.done).toBe(1);
  });

  it('exits non-zero naming the bad part of a bad URL', async () => {
    run = runCli('src/node/cli/bot.ts', ['--url', 'http://localhost']);
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/error: The scheme 'http:\/\/'/);
  });
});
