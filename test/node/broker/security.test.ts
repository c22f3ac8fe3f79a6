// The broker's promises about who may do what, checked on every path a message can take:
// live publishes at each QoS, retained messages, wills and $SYS; which passwords open a
// session; where it listens by default; and that no password ever reaches a log line or a
// CLI's output. Loopback only, except the bind checks, which try this machine's own
// non-loopback address.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { connect as connectSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { IClientOptions, MqttClient } from 'mqtt';
import { describe, expect, it } from 'vitest';
import {
  canSubscribe, createBroker, defaultProfiles, filterCovers, hashPassword, loadProfiles, type Profile,
} from '../../../src/node/broker/index.js';
import { matchTopic } from '../../../src/mqtt/topics.js';
import { runCli } from '../../fixtures/spawn-cli.js';
import { connackCode, openTcpPeer, remainingLength } from '../../fixtures/raw-peer.js';
import { collect, grantedQos, sleep, useHarness, waitFor, type Received } from './harness.js';

const h = useHarness();
const ADMIN = 'Adm1n-S3cret!';
const profiles = defaultProfiles(ADMIN);
const viewerLogin = { username: 'viewer', password: 'viewer' };
const SUBACK_FAILURE = 128;

/** Waits for `marker` on `seen`: everything published before it (by the same publisher) was decided by then. */
async function untilMarker(seen: Received[], marker: string): Promise<void> {
  await waitFor(() => seen.some((m) => m.text === marker), `the marker '${marker}'`, 5000);
}

/** A later subscriber's view of retained messages under `filter`: what it gets before a marker of its own. */
async function retainedUnder(url: string, filter: string, markerTopic: string, login: IClientOptions = {}): Promise<string[]> {
  const late = await h.connect(url, login);
  const seen = collect(late);
  await late.subscribeAsync(filter, { qos: 1 });
  const marker = `end-${Math.random()}`;
  const pub = await h.connect(url);
  await pub.publishAsync(markerTopic, marker, { qos: 1 });
  await untilMarker(seen, marker);
  return seen.filter((m) => m.retain).map((m) => `${m.topic}=${m.text}`);
}

async function profilesFile(data: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kit-profiles-'));
  h.defer(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'profiles.json');
  await writeFile(file, JSON.stringify(data));
  return file;
}

describe('a viewer cannot publish, on any path', () => {
  it('drops its publishes at QoS 0, 1 and 2, retained or not, over TCP and WebSocket, without disconnecting it', async () => {
    const { broker, logs } = await h.startBroker({ profiles });
    const watcher = await h.connect(broker.urls.tcp, { clientId: 'watcher' });
    const seen = collect(watcher);
    await watcher.subscribeAsync('room/#', { qos: 2 });
    // Something a viewer might try to overwrite or clear.
    await watcher.publishAsync('room/keep', 'original', { qos: 1, retain: true });
    await untilMarker(seen, 'original');

    for (const over of ['tcp', 'ws'] as const) {
      const viewer = await h.connect(broker.urls[over], { clientId: `eye-${over}`, ...viewerLogin });
      for (const qos of [0, 1, 2] as const) {
        for (const retain of [false, true]) {
          // Resolves once the broker acknowledged (PUBACK / PUBCOMP) or, for QoS 0, once written.
          await viewer.publishAsync(`room/${over}/${qos}/${retain}`, `viewer ${over} qos ${qos} retain ${retain}`, { qos, retain });
        }
      }
      await viewer.publishAsync('room/keep', 'overwritten', { qos: 1, retain: true });
      await viewer.publishAsync('room/keep', '', { qos: 1, retain: true }); // an empty retained publish would clear it
      expect(viewer.connected).toBe(true);
    }
    await watcher.publishAsync('room/end', 'marker', { qos: 1 });
    await untilMarker(seen, 'marker');
    expect(seen.map((m) => m.text)).toEqual(['original', 'marker']);
    expect(logs).toContain("denied: 'eye-tcp' (viewer) may not publish to 'room/tcp/0/false'");
    expect(await retainedUnder(broker.urls.tcp, 'room/#', 'room/end')).toEqual(['room/keep=original']);
  });

  it("never delivers a viewer's will, even retained at QoS 2, while a public client's will goes out", async () => {
    const { broker } = await h.startBroker({ profiles });
    const watcher = await h.connect(broker.urls.tcp);
    const seen = collect(watcher);
    await watcher.subscribeAsync('status/#', { qos: 2 });
    for (const over of ['tcp', 'ws'] as const) {
      const viewer = await h.connect(broker.urls[over], { ...viewerLogin, will: { topic: `status/viewer-${over}`, payload: Buffer.from('gone'), qos: 2, retain: true } });
      viewer.stream.destroy(); // abrupt: the will is due
    }
    const anon = await h.connect(broker.urls.tcp, { will: { topic: 'status/anon', payload: Buffer.from('gone'), qos: 1, retain: false } });
    anon.stream.destroy();
    await waitFor(() => seen.some((m) => m.topic === 'status/anon'), "the public client's will");
    await sleep(100);
    expect(seen.map((m) => m.topic)).toEqual(['status/anon']);
    expect(await retainedUnder(broker.urls.tcp, 'status/#', 'status/end')).toEqual([]);
  });
});

describe('profiles from a file: subscribe filters, retained messages and wills', () => {
  const file = {
    profiles: [
      { username: 'public', password: 'public', publish: ['#'], subscribe: ['#'] },
      { username: 'reader', password: 'r-pass', publish: [], subscribe: ['sensors/#'] },
      { username: 'writer', password: 'w-pass', publish: ['sensors/#'], subscribe: [] },
    ],
  };

  it('gives SUBACK 0x80 for every filter the profile does not cover, and delivers only what it covers', async () => {
    const { broker, logs } = await h.startBroker({ profiles: await loadProfiles(await profilesFile(file)) });
    const reader = await h.connect(broker.urls.tcp, { clientId: 'reader', username: 'reader', password: 'r-pass' });
    const seen = collect(reader);
    const asked = ['sensors/#', 'sensors/+/temp', 'sensors', 'other/#', '#', '+/temp', '+', '/sensors/#', '$SYS/#', 'sensorsX/#'];
    const grants = await grantedQos(reader, Object.fromEntries(asked.map((f) => [f, { qos: 1 as const }])));
    expect(Object.fromEntries(asked.map((f, i) => [f, grants[i]]))).toEqual({
      'sensors/#': 1, 'sensors/+/temp': 1, sensors: 1, 'other/#': 128, '#': 128, '+/temp': 128, '+': 128, '/sensors/#': 128, '$SYS/#': 128, 'sensorsX/#': 128,
    });
    expect(logs).toContain("denied: 'reader' (reader) may not subscribe to 'other/#'");
    expect(reader.connected).toBe(true);

    const writer = await h.connect(broker.urls.ws, { clientId: 'writer', username: 'writer', password: 'w-pass' });
    expect(await grantedQos(writer, { 'sensors/#': { qos: 0 } })).toEqual([SUBACK_FAILURE]);
    await writer.publishAsync('other/x', 'not allowed', { qos: 1 });
    await writer.publishAsync('sensors/kitchen/temp', '21', { qos: 1 });
    await waitFor(() => seen.length > 0, 'the allowed message');
    await sleep(100);
    expect(seen.map((m) => `${m.topic}=${m.text}`)).toEqual(['sensors/kitchen/temp=21']);
  });

  it('delivers retained messages on subscribe only where the profile may read', async () => {
    const { broker } = await h.startBroker({ profiles: await loadProfiles(await profilesFile(file)) });
    const pub = await h.connect(broker.urls.tcp);
    for (const topic of ['sensors/t', 'sensors/a/b', 'other/t', 'sensorsX', 'top']) await pub.publishAsync(topic, `r:${topic}`, { qos: 1, retain: true });
    const reader = { username: 'reader', password: 'r-pass' };
    expect((await retainedUnder(broker.urls.tcp, 'sensors/#', 'sensors/end', reader)).sort()).toEqual(['sensors/a/b=r:sensors/a/b', 'sensors/t=r:sensors/t']);
    // A refused '#' brings nothing retained, even though 'other/t' and 'top' match it.
    const client = await h.connect(broker.urls.tcp, reader);
    const seen = collect(client);
    expect(await grantedQos(client, { '#': { qos: 0 }, 'other/+': { qos: 0 } })).toEqual([128, 128]);
    await sleep(200);
    expect(seen).toEqual([]);
  });

  it("applies the publish filters to wills: the writer's will outside sensors/# is dropped", async () => {
    const { broker } = await h.startBroker({ profiles: await loadProfiles(await profilesFile(file)) });
    const watcher = await h.connect(broker.urls.tcp);
    const seen = collect(watcher);
    await watcher.subscribeAsync('#');
    const writer = (topic: string) => ({ username: 'writer', password: 'w-pass', will: { topic, payload: Buffer.from('bye'), qos: 1 as const, retain: true } });
    (await h.connect(broker.urls.tcp, writer('other/will'))).stream.destroy();
    (await h.connect(broker.urls.tcp, writer('sensors/will'))).stream.destroy();
    await waitFor(() => seen.some((m) => m.topic === 'sensors/will'), 'the allowed will');
    await sleep(100);
    expect(seen.map((m) => m.topic)).toEqual(['sensors/will']);
  });
});

describe('subscribe permissions are sound', () => {
  const level = fc.constantFrom('a', 'b', '', '$SYS', '$x', 'sensors');
  const filter = fc
    .tuple(fc.array(fc.oneof(level, fc.constant('+')), { maxLength: 4 }), fc.boolean())
    .map(([levels, hash]) => (hash ? [...levels, '#'] : levels).join('/'))
    .filter((f) => f !== '');
  const topic = fc.array(level, { minLength: 1, maxLength: 5 }).map((levels) => levels.join('/'));

  it('filterCovers(allowed, requested) means every topic the requested filter matches, the allowed one matches too', () => {
    let covered = 0;
    fc.assert(
      fc.property(filter, filter, topic, (allowed, requested, t) => {
        if (!filterCovers(allowed, requested)) return;
        covered++;
        if (matchTopic(requested, t)) expect(matchTopic(allowed, t), `${allowed} covers ${requested}, topic ${t}`).toBe(true);
      }),
      { seed: 7, numRuns: 10_000 },
    );
    expect(covered).toBeGreaterThan(500);
  });

  it('end to end: whatever a restricted client asks for, it receives only topics its profile allows', async () => {
    const narrow: Profile = { username: 'narrow', password: 'n-pass', publish: [], subscribe: ['a/+/b', 'sensors/#', '$x/a'] };
    const { broker } = await h.startBroker({ profiles: [...profiles, narrow] });
    const client = await h.connect(broker.urls.tcp, { username: 'narrow', password: 'n-pass' });
    const seen = collect(client);
    const asked = [...new Set(fc.sample(filter, { seed: 3, numRuns: 60 }))].filter((f) => Buffer.byteLength(f) <= 128);
    const grants = await grantedQos(client, Object.fromEntries(asked.map((f) => [f, { qos: 0 as const }])));
    const granted = asked.filter((_, i) => grants[i] !== SUBACK_FAILURE);
    expect(granted.every((f) => canSubscribe(narrow, f))).toBe(true);
    expect(granted.length).toBeGreaterThan(0);
    expect(granted.length).toBeLessThan(asked.length);

    const admin = await h.connect(broker.urls.tcp, { username: 'admin', password: ADMIN });
    const topics = [...new Set(fc.sample(topic, { seed: 4, numRuns: 80 }))];
    for (const t of topics) admin.publish(t, t);
    await admin.publishAsync('sensors/end', 'end', { qos: 1 });
    await untilMarker(seen, 'end');
    const expected = topics.filter((t) => granted.some((f) => matchTopic(f, t)));
    expect(seen.filter((m) => m.text !== 'end').map((m) => m.topic).sort()).toEqual([...new Set(expected)].sort());
    for (const m of seen) expect(narrow.subscribe.some((f) => matchTopic(f, m.topic)), m.topic).toBe(true);
  });
});

describe('$SYS is for admin only', () => {
  it('refuses $SYS filters to public and viewer, keeps wildcards off $SYS, lets admin read heartbeats, and stops $SYS spoofing', async () => {
    const { broker } = await h.startBroker({ profiles, heartbeatIntervalMs: 50 });
    const watchers: Array<{ name: string; seen: Received[] }> = [];
    for (const [name, login] of [['public', { username: 'public', password: 'public' }], ['viewer', viewerLogin], ['anonymous', {}]] as const) {
      const client = await h.connect(broker.urls.tcp, login);
      watchers.push({ name, seen: collect(client) });
      expect(await grantedQos(client, { '$SYS/#': { qos: 0 }, '$SYS/+/heartbeat': { qos: 0 }, $SYS: { qos: 0 }, '#': { qos: 0 }, '+/+/heartbeat': { qos: 0 } }), name)
        .toEqual([128, 128, 128, 0, 0]);
    }
    const admin = await h.connect(broker.urls.tcp, { username: 'admin', password: ADMIN });
    const adminSeen = collect(admin);
    await admin.subscribeAsync('$SYS/#');
    // A public client must not be able to fake the broker's own topics.
    const spoofer = await h.connect(broker.urls.tcp, { clientId: 'spoofer', username: 'public', password: 'public' });
    await spoofer.publishAsync('$SYS/fake/heartbeat', 'spoofed', { qos: 1, retain: true });
    await waitFor(() => adminSeen.filter((m) => m.topic.endsWith('/heartbeat')).length >= 3, 'three heartbeats for admin');
    expect(adminSeen.filter((m) => m.text === 'spoofed')).toEqual([]);
    for (const { name, seen } of watchers) expect(seen.filter((m) => m.topic.startsWith('$')), name).toEqual([]);
  });
});

describe('passwords', () => {
  it('refuses every wrong or missing password with CONNACK 4, over TCP and WebSocket, and accepts the right ones', async () => {
    const sensorHash = await hashPassword('temperature');
    const sensor: Profile = { username: 'sensor', password: sensorHash, publish: ['sensors/#'], subscribe: [] };
    // Many wrong passwords from one address: the backoff would step in (login-backoff.test.ts).
    const { broker } = await h.startBroker({ profiles: [...profiles, sensor], loginBackoff: { burst: 1000 } });
    const wrong: Array<[string, IClientOptions]> = [
      ['a guessed admin password', { username: 'admin', password: 'admin' }],
      ['a trailing space', { username: 'public', password: 'public ' }],
      ['a different case', { username: 'viewer', password: 'Viewer' }],
      ['an empty password', { username: 'public', password: '' }],
      ['no password at all', { username: 'public' }],
      ['a NUL appended', { username: 'public', password: 'public\u0000' }],
      ['an unknown user', { username: 'Public', password: 'public' }],
      ['the stored hash itself', { username: 'sensor', password: sensorHash }],
      ['a near miss on a hash', { username: 'sensor', password: 'temperaturE' }],
      ['the admin password with another user', { username: 'public', password: ADMIN }],
    ];
    for (const over of ['tcp', 'ws'] as const) {
      for (const [what, login] of wrong) expect((await h.refusal(broker.urls[over], login)).code, `${what} over ${over}`).toBe(4);
    }
    for (const login of [{ username: 'admin', password: ADMIN }, { username: 'sensor', password: 'temperature' }, viewerLogin]) {
      expect((await h.connect(broker.urls.ws, login)).connected).toBe(true);
    }
  });

  // BUG (reported, minor): a CONNECT with the password flag but no user name flag violates
  // [MQTT-3.1.2-22]; the server should close the connection (§4.8). Actual: mqtt-packet parses
  // it, aedes' authenticate sees no user name and the kit accepts it as anonymous ('public'),
  // ignoring the password: CONNACK 0. Not an escalation (anonymous is 'public' anyway, and
  // refused with --no-anonymous), but a client believing it logged in gets public's rights.
  it('drops a CONNECT that carries a password without a user name', async () => {
    const { broker } = await h.startBroker({ profiles });
    const id = Buffer.from('nouser');
    const password = Buffer.from('public');
    // Flags 0x42: password + clean session, no user name flag [MQTT-3.1.2-22].
    const body = Buffer.concat([Buffer.from([0, 4]), Buffer.from('MQTT'), Buffer.from([4, 0x42, 0, 0, 0, id.length]), id, Buffer.from([0, password.length]), password]);
    const peer = await openTcpPeer(broker.tcpPort);
    h.defer(() => peer.destroy());
    peer.write(Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]));
    const closed = await peer.closedWithin(2000);
    expect({ closed, connack: connackCode(peer.received()) }).toEqual({ closed: true, connack: undefined });
  });
});

describe('where the broker listens', () => {
  /** Resolves 'refused' or 'connected' for a TCP connection to address:port. */
  function tryConnect(address: string, port: number): Promise<'connected' | 'refused'> {
    return new Promise((resolve) => {
      const socket = connectSocket({ host: address, port, timeout: 2000 });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', () => resolve('refused'));
      socket.once('timeout', () => {
        socket.destroy();
        resolve('refused');
      });
    });
  }

  /** Local addresses of listening TCP sockets on `port`, from /proc/net/tcp (Linux). */
  function listeningAddresses(port: number): string[] {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    return readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
      .map((cols) => {
        const hex = cols[1]!.split(':')[0]!;
        return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
      });
  }

  it('binds 127.0.0.1 when no host is given, for TCP and WebSocket', async () => {
    const broker = await createBroker({ tcpPort: 0, wsPort: 0, log: () => {} });
    h.defer(() => broker.close());
    expect(broker.host).toBe('127.0.0.1');
    expect(broker.urls.tcp).toBe(`mqtt://127.0.0.1:${broker.tcpPort}`);
    for (const port of [broker.tcpPort, broker.wsPort]) {
      expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
      expect(await tryConnect('127.0.0.1', port)).toBe('connected');
    }
  });

  // No connection to this machine's network address is tried: tests send traffic to
  // loopback only. /proc/net/tcp above shows the listening address itself.

  it('warns on --lan with the default passwords (npm run broker)', async () => {
    const run = runCli('src/node/cli/broker.ts', ['--lan', '--tcp-port', '0', '--ws-port', '0'], { MQTT_ADMIN_PASSWORD: '' });
    h.defer(() => {
      if (run.child.exitCode === null) run.kill('SIGKILL');
    });
    await run.waitForOutput(/Press Ctrl-C/, 30_000);
    expect(run.output()).toContain('Warning: listening on the network with well-known passwords (public/public, viewer/viewer) and anonymous connections');
    expect(run.output()).toContain('--no-anonymous');
    run.kill('SIGINT');
    expect(await run.exited).toBe(0);
  }, 60_000);
});

describe('credentials never reach the output', () => {
  it('keeps every password out of the broker log, at the verbose level, whatever the clients do', async () => {
    const secrets = { student: 'Stud3nt-Pw!', sensor: 'Hashed-Pw-7', wrong: 'Wr0ng-Guess-1', unknown: 'Unkn0wn-Pw-2', ws: 'W5-Secret-3' };
    const extra: Profile[] = [
      { username: 'student', password: secrets.student, publish: ['#'], subscribe: ['#'] },
      { username: 'sensor', password: await hashPassword(secrets.sensor), publish: ['sensors/#'], subscribe: [] },
      { username: 'wsuser', password: secrets.ws, publish: [], subscribe: ['#'] },
    ];
    const { broker, logs } = await h.startBroker({ profiles: [...profiles, ...extra], logLevel: 'verbose' });
    const clients: MqttClient[] = [
      await h.connect(broker.urls.tcp, { clientId: 'admin-1', username: 'admin', password: ADMIN }),
      await h.connect(broker.urls.tcp, { clientId: 'student-1', username: 'student', password: secrets.student }),
      await h.connect(broker.urls.tcp, { clientId: 'sensor-1', username: 'sensor', password: secrets.sensor }),
      await h.connect(broker.urls.ws, { clientId: 'ws-1', username: 'wsuser', password: secrets.ws }),
    ];
    for (const [login, id] of [[{ username: 'admin', password: secrets.wrong }, 'x1'], [{ username: 'student', password: secrets.wrong }, 'x2'], [{ username: 'ghost', password: secrets.unknown }, 'x3']] as const) {
      expect((await h.refusal(broker.urls.tcp, { ...login, clientId: id })).code).toBe(4);
    }
    for (const client of clients) {
      await client.subscribeAsync('#').catch(() => {});
      await client.publishAsync('sensors/t', 'a reading', { qos: 1 });
      await client.publishAsync('not/allowed/for/some', 'x', { qos: 1 });
    }
    const leaver = await h.connect(broker.urls.tcp, { clientId: 'leaver', username: 'student', password: secrets.student, will: { topic: 'status/leaver', payload: Buffer.from('gone'), qos: 0, retain: false } });
    leaver.stream.destroy();
    await waitFor(() => logs.some((line) => line.includes('published the will of')), 'the will in the log');
    await waitFor(() => logs.some((line) => line.startsWith("refused 'x3'")), 'the refusals in the log');
    // The log did record all this (so the check below is not vacuous)…
    expect(logs.some((line) => line.startsWith("message 'student-1' → sensors/t (qos 1): a reading"))).toBe(true);
    expect(logs).toContain("refused 'x2' from 127.0.0.1: wrong password for 'student'");
    // …and no password, plain or hashed, appears in it.
    const all = logs.join('\n');
    for (const secret of [ADMIN, ...Object.values(secrets), extra[1]!.password]) expect(all).not.toContain(secret);
  });

  it('npm run bot never prints the password: connected, nor for a bad URL', async () => {
    const password = 'B0t-S3cret-9';
    const { broker } = await h.startBroker({ profiles: [{ username: 'sensorbot', password, publish: ['#'], subscribe: ['#'] }], logLevel: 'quiet' });
    const good = runCli('src/node/cli/bot.ts', ['--url', `mqtt://sensorbot:${password}@127.0.0.1:${broker.tcpPort}`, '--client-id', 'bot', '--interval', '50']);
    const bad = runCli('src/node/cli/bot.ts', ['--url', `mqtt://sensorbot:${password}@127.0.0.1:99999`]);
    for (const run of [good, bad]) {
      h.defer(() => {
        if (run.child.exitCode === null) run.kill('SIGKILL');
      });
    }
    await good.waitForOutput(/published \w+ = \d+ \(acknowledged by the broker\)/, 30_000);
    good.kill('SIGINT');
    expect(await good.exited).toBe(0);
    expect(good.output()).toMatch(/connected to mqtt:\/\/sensorbot:\*{4}@127\.0\.0\.1:\d+ as 'bot'/);
    expect(await bad.exited).not.toBe(0);
    expect(bad.output()).toMatch(/error: The port '99999'/);
    expect(good.output() + bad.output()).not.toContain(password);
  }, 60_000);

  // BUG (reported): client ids, user names, topics and filters go into log lines as sent, so a
  // client can forge log lines ("\n") or send terminal escape sequences (ESC [ 2 J clears the
  // teacher's terminal) — only payloads are sanitised (previewPayload). Expected: every log
  // line is a single line without control characters. Actual: e.g. a client id
  // "evil\nconnect 'admin' as admin from 10.0.0.9" logs a second, forged "connect" line.
  it('keeps each log line one line, free of control characters, whatever clients send', async () => {
    const { broker, logs } = await h.startBroker({ profiles, logLevel: 'verbose' });
    const evil = await h.connect(broker.urls.tcp, { clientId: "evil\nconnect 'admin' as admin from 10.0.0.9" });
    await evil.subscribeAsync('x\u001b[2J/#');
    await evil.publishAsync('x\u001b[2J/y\r', 'payload', { qos: 1 });
    await h.refusal(broker.urls.tcp, { clientId: 'u', username: 'ghost\u001b[31m\nfake line', password: 'x' });
    await waitFor(() => logs.some((line) => line.startsWith("refused 'u'")), 'the refusal line');
    // eslint-disable-next-line no-control-regex
    expect(logs.filter((line) => /[\u0000-\u001f\u007f]/.test(line))).toEqual([]);
  });
});
