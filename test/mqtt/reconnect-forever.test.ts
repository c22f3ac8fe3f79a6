import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { connectVia, waitFor, type TransportName } from '../fixtures/transports.js';
import type { MqttClient } from '../../src/mqtt/client.js';
import type { ClientStatus } from '../../src/mqtt/types.js';

/**
 * `reconnect: { forever: true }` (what a kiosk page asks for): a piece nobody watches keeps
 * trying through every failure but a refused password. Run over the worker protocol too,
 * since the option crosses postMessage inside the transport's config.
 */
const VIA: TransportName[] = ['direct/tcp', 'worker/ws'];
const FAST = { min: 50, max: 200 };

let broker: TestBroker | undefined;
const clients: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.disconnect()));
  await broker?.close();
  broker = undefined;
});

/** A broker that answers the first `times` CONNECTs with `code`, then lets clients in; `attempts()` counts CONNECTs. */
async function refusingBroker(code: number, times: number): Promise<TestBroker & { attempts(): number }> {
  const started = await startTestBroker();
  let attempts = 0;
  started.aedes.authenticate = (_client, _username, _password, done) => {
    if (attempts++ < times) return done(Object.assign(new Error('refused'), { returnCode: code }) as Parameters<typeof done>[0], false);
    done(null, true);
  };
  return Object.assign(started, { attempts: () => attempts });
}

function statusesOf(client: MqttClient): ClientStatus[] {
  const seen: ClientStatus[] = [];
  client.on('status', ({ status }) => seen.push(status));
  return seen;
}

describe.each(VIA)('reconnect forever over %s', (via) => {
  const open = (id: string, forever: boolean, credentials = '') => {
    const client = connectVia(via, broker!, id, { reconnect: { ...FAST, forever } }, credentials);
    clients.push(client);
    return client;
  };

  it('retries a broker that says it is unavailable until it lets the client in', async () => {
    broker = await refusingBroker(3, 2);
    const client = open('kiosk', true);
    const statuses = statusesOf(client);
    const texts: string[] = [];
    client.on('status', ({ text }) => texts.push(text));
    await waitFor(() => client.connected, 'connected after two refusals');
    expect(statuses).not.toContain('error');
    expect(texts.some((text) => /unavailable right now.*Retrying/.test(text))).toBe(true);
  });

  it('without forever, the same refusal stops the client (the classroom default)', async () => {
    const refusing = await refusingBroker(3, 2);
    broker = refusing;
    const client = open('student', false);
    await waitFor(() => client.status === 'error', 'error status');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(client.status).toBe('error');
    expect(refusing.attempts()).toBe(1);
  });

  it('still stops for a refused password, and says so', async () => {
    await broker?.close();
    broker = await startTestBroker({ public: 'public' });
    const client = open('kiosk-wrong', true, 'public:nope');
    await waitFor(() => client.status === 'error', 'error status');
    expect(client.statusText).toMatch(/refused the user name or password/);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(broker.connectAttempts).toBe(1);
  });
});

describe('two forever clients with the same id', () => {
  it('keep trying at the slowest pace instead of giving up, saying why', async () => {
    broker = await startTestBroker();
    const options = { reconnect: { min: 50, max: 1000, forever: true } };
    const a = connectVia('direct/tcp', broker, 'piece', options);
    clients.push(a);
    await waitFor(() => a.connected, 'the first client connected');
    const b = connectVia('direct/tcp', broker, 'piece', options);
    clients.push(b);
    const statuses = [...statusesOf(a), ...statusesOf(b)];
    const said = () => [a, b].some((client) => client.statusText.includes("another client is using the id 'piece'; use a unique id or omit it. Still trying, every 1 s."));
    await waitFor(said, 'the kick-loop explanation', 15_000);
    const before = broker.connectAttempts;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // At the fastest pace (50 ms) the two would connect dozens of times in 3 s; at 1 s each, a handful.
    expect(broker.connectAttempts - before).toBeLessThanOrEqual(10);
    expect(statuses).not.toContain('error');
    expect([a.status, b.status]).not.toContain('error');
  }, 30_000);
});
