// Failed logins: a student guessing the teacher's password gets ten tries, then one every
// 6 s from that address, while everyone else logs in as usual; an unknown user name costs
// the same password check as a wrong password; the teacher's terminal says who failed,
// from where, and why.
import { connect as connectSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_BACKOFF, LoginBackoff, addressKey } from '../../../src/node/broker/login-backoff.js';
import { hashPassword, type Profile } from '../../../src/node/broker/index.js';
import { connectPacket, RawClient, useHarness } from './harness.js';

const h = useHarness();

/** One MQTT login from `from` (another loopback address = another machine); resolves to its CONNACK code. */
async function login(port: number, from: string, username: string, password: string): Promise<number> {
  const socket = connectSocket({ port, host: '127.0.0.1', localAddress: from });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  h.defer(() => socket.destroy());
  const raw = new RawClient(socket);
  raw.send(connectPacket({ clientId: `${username}-${Math.random().toString(16).slice(2, 8)}`, username, password: Buffer.from(password) }));
  const connack = await raw.next('connack', 5000);
  socket.destroy();
  return (connack as { returnCode: number }).returnCode;
}

describe('LoginBackoff', () => {
  it('gives an address 10 failed logins, then one every 6 s; waiting pays the debt back', () => {
    let now = 0;
    const backoff = new LoginBackoff(DEFAULT_LOGIN_BACKOFF, () => now);
    for (let i = 0; i < 10; i++) {
      expect(backoff.waitMs('10.0.0.5')).toBe(0);
      backoff.failed('10.0.0.5');
    }
    expect(backoff.waitMs('10.0.0.5')).toBe(6000);
    expect(backoff.waitMs('10.0.0.6')).toBe(0);
    now += 6000;
    expect(backoff.waitMs('10.0.0.5')).toBe(0);
    backoff.failed('10.0.0.5');
    expect(backoff.waitMs('10.0.0.5')).toBe(6000);
    // A minute of quiet and the address has its ten tries back; then it is forgotten.
    now += 60_000;
    expect(backoff.waitMs('10.0.0.5')).toBe(0);
    expect(backoff.size).toBe(0);
  });

  it('remembers at most maxAddresses, forgetting the least recently failed', () => {
    const backoff = new LoginBackoff({ burst: 1, refillMs: 60_000, maxAddresses: 3 }, () => 0);
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) backoff.failed(address);
    expect(backoff.size).toBe(3);
    expect(backoff.waitMs('10.0.0.1')).toBe(0);
    expect(backoff.waitMs('10.0.0.4')).toBeGreaterThan(0);
  });

  it('counts an IPv6 address by its /64, so one machine cannot rotate through its own addresses', () => {
    expect(addressKey('2001:db8::1')).toBe(addressKey('2001:0db8:0:0:ffff:1:2:3'));
    expect(addressKey('2001:db8::1')).not.toBe(addressKey('2001:db8:0:1::1'));
    expect(addressKey('192.168.0.12')).toBe('192.168.0.12');
  });
});

describe('failed logins against the broker', () => {
  it('refuses a guessing address with CONNACK 3 after its tries, not the class; the log says who failed and why, the lock once', async () => {
    const teacher: Profile = { username: 'teacher', password: await hashPassword('chalk-7731'), publish: ['#'], subscribe: ['#', '$SYS/#'] };
    const student: Profile = { username: 'ana', password: await hashPassword('tucano-4821'), publish: ['#'], subscribe: ['#'] };
    const { broker, logs } = await h.startBroker({ profiles: [teacher, student], loginBackoff: { burst: 3, refillMs: 20_000 } });
    const guesser = '127.0.0.2';
    for (const guess of ['chalk', 'giz', 'teacher']) expect(await login(broker.tcpPort, guesser, 'teacher', guess)).toBe(4);
    // Out of tries: even the right password is not checked now.
    expect(await login(broker.tcpPort, guesser, 'teacher', 'chalk-7731')).toBe(3);
    expect(await login(broker.tcpPort, guesser, 'nobody', 'x')).toBe(3);
    // Another machine in the room is not slowed down.
    expect(await login(broker.tcpPort, '127.0.0.3', 'ana', 'tucano-4821')).toBe(0);
    // (Waiting gives tries back: the LoginBackoff tests above, on a clock of their own.)

    const lines = logs.filter((line) => line.startsWith('refused') && line.includes(guesser));
    expect(lines).toEqual([
      expect.stringMatching(/^refused 'teacher-\w+' from 127\.0\.0\.2: wrong password for 'teacher'$/),
      expect.stringMatching(/^refused 'teacher-\w+' from 127\.0\.0\.2: wrong password for 'teacher'$/),
      expect.stringMatching(/^refused 'teacher-\w+' from 127\.0\.0\.2: wrong password for 'teacher'$/),
      expect.stringMatching(/^refused 'teacher-\w+' from 127\.0\.0\.2: too many failed logins from 127\.0\.0\.2; logins from there are refused without a check for \d+ s \(as 'teacher'\)$/),
    ]);
  });

  it('takes as long to refuse an unknown user name as a wrong password (one scrypt each)', async () => {
    const profiles: Profile[] = [{ username: 'ana', password: await hashPassword('tucano-4821'), publish: [], subscribe: [] }];
    const { broker, logs } = await h.startBroker({ profiles, loginBackoff: { burst: 1000 } });
    const timed = async (username: string): Promise<number> => {
      const start = performance.now();
      expect(await login(broker.tcpPort, '127.0.0.1', username, 'guess')).toBe(4);
      return performance.now() - start;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    // Interleaved, so a busy moment on the machine slows both alike.
    for (let i = 0; i < 5; i++) {
      unknown.push(await timed('bruno'));
      wrong.push(await timed('ana'));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[2]!;
    // Without the decoy check an unknown name is answered in ~1 ms, a wrong password in ~50.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
    expect(logs).toContain(logs.find((line) => /^refused 'bruno-\w+' from 127\.0\.0\.1: unknown user 'bruno'$/.test(line)));
  });
});
