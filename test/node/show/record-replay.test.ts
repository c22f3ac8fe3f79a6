import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startTestBroker, type TestBroker } from '../../fixtures/aedes-broker.js';
import { runCli, type CliRun } from '../../fixtures/spawn-cli.js';
import { startReplay } from '../../../src/node/show/replayer.js';

interface Seen {
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
  at: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await pause(20);
  }
}

/** Gaps between consecutive times. */
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('npm run record / npm run replay', () => {
  let broker: TestBroker;
  let url: string;
  let dir: string;
  const runs: CliRun[] = [];
  const clients: mqtt.MqttClient[] = [];
  const cli = (script: string, args: string[]) => {
    const run = runCli(script, args);
    runs.push(run);
    return run;
  };
  /** A subscriber that notes every message with its arrival time. */
  const watch = async (filter = '#') => {
    const client = await mqtt.connectAsync(broker.tcpUrl, { username: 'public', password: 'public' });
    clients.push(client);
    const seen: Seen[] = [];
    client.on('message', (topic, payload, packet) => seen.push({ topic, payload, qos: packet.qos, retain: packet.retain, at: performance.now() }));
    await client.subscribeAsync(filter, { qos: 2 });
    return seen;
  };

  beforeAll(async () => {
    broker = await startTestBroker({ public: 'public' });
    url = `mqtt://public:public@127.0.0.1:${broker.tcpPort}`;
    dir = mkdtempSync(join(tmpdir(), 'kit-show-'));
  });
  afterEach(async () => {
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.kill('SIGKILL');
        await run.exited;
      }
    }
    await Promise.all(clients.splice(0).map((client) => client.endAsync()));
  });
  afterAll(async () => {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records text and binary messages with their timing, and replays them in order with the same spacing; --speed 2 halves it', async () => {
    const file = join(dir, 'show.jsonl');
    const recorder = cli('src/node/cli/record.ts', ['--url', url, '--topics', 'sensors/#,hello', '--out', file]);
    await recorder.waitForOutput(/Recording sensors\/#, hello into .*show\.jsonl/);

    const schedule = [
      { at: 0, topic: 'sensors/temperatura', payload: Buffer.from('21'), qos: 0 as const },
      { at: 200, topic: 'hello', payload: Buffer.from('world'), qos: 1 as const },
      { at: 250, topic: 'elsewhere', payload: Buffer.from('not recorded'), qos: 0 as const },
      { at: 500, topic: 'sensors/camera', payload: Buffer.from([0xff, 0x00, 0xfe, 0x80]), qos: 0 as const },
      { at: 900, topic: 'sensors/temperatura', payload: Buffer.alloc(0), qos: 0 as const },
      { at: 1400, topic: 'hello', payload: Buffer.from('olá ✓'), qos: 2 as const },
    ];
    const expected = schedule.filter((m) => m.topic !== 'elsewhere');
    const publisher = await mqtt.connectAsync(broker.tcpUrl, { username: 'public', password: 'public' });
    clients.push(publisher);
    const start = performance.now();
    const publishedAt: number[] = [];
    for (const message of schedule) {
      await pause(start + message.at - performance.now());
      if (message.topic !== 'elsewhere') publishedAt.push(performance.now());
      publisher.publish(message.topic, message.payload, { qos: message.qos });
    }
    // Written as they come: all there while the recorder still runs.
    await until(() => existsSync(file) && readFileSync(file, 'utf8').split('\n').length > expected.length, 10_000, 'the recording to hold every message');
    recorder.kill('SIGINT');
    expect(await recorder.exited).toBe(0);
    expect(recorder.output()).toMatch(/Wrote 5 messages to .*show\.jsonl/);

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { ms: number; topic: string; qos: number; base64?: boolean });
    expect(lines.map((l) => [l.topic, l.qos, Boolean(l.base64)])).toEqual(expected.map((m) => [m.topic, m.qos, m.topic === 'sensors/camera']));
    expect(lines[0]!.ms).toBe(0);
    const recordedSpan = lines.at(-1)!.ms;
    gaps(lines.map((l) => l.ms)).forEach((gap, i) => expect(Math.abs(gap - gaps(publishedAt)[i]!)).toBeLessThan(250));

    const replayed = await watch();
    const replayAt = async (speed: string) => {
      replayed.length = 0;
      const replay = cli('src/node/cli/replay.ts', [file, '--url', url, '--speed', speed]);
      expect(await replay.exited).toBe(0);
      expect(replay.output()).toMatch(/published 5 messages in/);
      await until(() => replayed.length >= expected.length, 5000, 'every replayed message');
      expect(replayed.map((m) => [m.topic, m.payload.toString('hex'), m.qos])).toEqual(expected.map((m) => [m.topic, m.payload.toString('hex'), m.qos]));
      return replayed.map((m) => m.at);
    };

    const normal = await replayAt('1');
    const normalSpan = normal.at(-1)! - normal[0]!;
    // A loaded machine stretches timers, never shrinks them: generous above, tight below.
    expect(normalSpan / recordedSpan).toBeGreaterThan(0.85);
    expect(normalSpan / recordedSpan).toBeLessThan(1.6);
    gaps(normal).forEach((gap, i) => expect(Math.abs(gap - gaps(lines.map((l) => l.ms))[i]!)).toBeLessThan(250));

    const fast = await replayAt('2');
    const fastSpan = fast.at(-1)! - fast[0]!;
    expect(fastSpan / recordedSpan).toBeGreaterThan(0.4);
    expect(fastSpan / recordedSpan).toBeLessThan(0.8);
  }, 60_000);

  it('reports a damaged line with its number, skips it, and puts --topic-prefix before every topic', async () => {
    const file = join(dir, 'damaged.jsonl');
    writeFileSync(file, [
      '{"ms":0,"topic":"a","payload":"one"}',
      '{"ms":100,"topic":"a","payl',
      'not json at all',
      '{"ms":200,"topic":"b","payload":"two","qos":1,"retain":true}',
      '',
    ].join('\n'));
    const seen = await watch();
    const replay = cli('src/node/cli/replay.ts', [file, '--url', url, '--topic-prefix', 'replay/']);
    expect(await replay.exited).toBe(0);
    expect(replay.output()).toMatch(/damaged\.jsonl:2: not valid JSON .* — skipped/);
    expect(replay.output()).toMatch(/damaged\.jsonl:3: not valid JSON .* — skipped/);
    expect(replay.output()).toMatch(/published 2 messages in/);
    await until(() => seen.length >= 2, 5000, 'the two good messages');
    expect(seen.map((m) => [m.topic, m.payload.toString()])).toEqual([['replay/a', 'one'], ['replay/b', 'two']]);
    // The recorded retain flag is kept: a subscriber arriving later gets the value at once.
    const late = await watch('replay/b');
    await until(() => late.length > 0, 5000, 'the retained message');
    expect(late[0]).toMatchObject({ topic: 'replay/b', retain: true });
  }, 60_000);

  it('--loop plays the recording again and again until stopped, saying each damaged line once', async () => {
    const file = join(dir, 'loop.jsonl');
    writeFileSync(file, ['{"ms":0,"topic":"loop/x","payload":"1"}', '{"ms":50,"topic":"loop/x","payload":"2"}', '{oops', '{"ms":100,"topic":"loop/x","payload":"3"}'].join('\n'));
    const seen = await watch('loop/#');
    const lines: string[] = [];
    const replay = startReplay({ url, file, loop: true, print: (line) => lines.push(line) });
    await until(() => seen.length >= 6, 20_000, 'two passes');
    await replay.stop();
    expect(await replay.done).toBe(0);
    const count = seen.length;
    expect(seen.slice(0, 6).map((m) => m.payload.toString())).toEqual(['1', '2', '3', '1', '2', '3']);
    // A new pass starts at least a second after the one before, whatever the recording's length.
    expect(seen[3]!.at - seen[0]!.at).toBeGreaterThan(800);
    expect(lines).toContainEqual(expect.stringMatching(/^pass 1: published 3 messages in [\d.]+ s$/));
    expect(lines.filter((l) => l.includes(':3: not valid JSON'))).toHaveLength(1);
    await pause(1500);
    expect(seen.length).toBe(count);
  }, 60_000);

  it('says what is wrong, readably: a missing file, a refused password, a file it would write over', async () => {
    const missing = cli('src/node/cli/replay.ts', [join(dir, 'nope.jsonl'), '--url', url]);
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toMatch(/^error: .*nope\.jsonl: no such file/m);

    const file = join(dir, 'refused.jsonl');
    writeFileSync(file, '{"ms":0,"topic":"a","payload":"x"}\n');
    const refused = cli('src/node/cli/replay.ts', [file, '--url', `mqtt://public:wrong@127.0.0.1:${broker.tcpPort}`]);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toMatch(/^error: .*refused the user name or password/m);
    expect(refused.output()).not.toContain('wrong');

    const kept = cli('src/node/cli/record.ts', ['--url', url, '--out', file]);
    expect(await kept.exited).toBe(2);
    expect(kept.output()).toMatch(/refused\.jsonl already exists; give --force/);
    expect(readFileSync(file, 'utf8')).toBe('{"ms":0,"topic":"a","payload":"x"}\n');

    const fresh = join(dir, 'never.jsonl');
    const refusedRecord = cli('src/node/cli/record.ts', ['--url', `mqtt://public:wrong@127.0.0.1:${broker.tcpPort}`, '--out', fresh]);
    expect(await refusedRecord.exited).toBe(1);
    expect(refusedRecord.output()).toMatch(/^error: .*refused the user name or password/m);
    expect(existsSync(fresh)).toBe(false);
  }, 60_000);

  it('--minutes stops the recording by itself and says how many messages it wrote', async () => {
    const file = join(dir, 'timed.jsonl');
    const recorder = cli('src/node/cli/record.ts', ['--url', url, '--topics', 'timed', '--out', file, '--minutes', '0.01']);
    await recorder.waitForOutput(/stopping after 0\.01 min/, 30_000);
    expect(await recorder.exited).toBe(0);
    expect(recorder.output()).toMatch(/Wrote 0 messages to .*timed\.jsonl/);
    expect(readFileSync(file, 'utf8')).toBe('');
  }, 60_000);

  it('--help prints the usage of each', async () => {
    for (const [script, usage] of [['src/node/cli/record.ts', /usage: npm run record -- .*--minutes N/s], ['src/node/cli/replay.ts', /usage: npm run replay -- FILE .*--topic-prefix P/s]] as const) {
      const help = cli(script, ['--help']);
      expect(await help.exited).toBe(0);
      expect(help.output()).toMatch(usage);
    }
  }, 60_000);
});
