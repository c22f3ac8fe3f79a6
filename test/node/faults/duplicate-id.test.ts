import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../fixtures/aedes-broker.js';
import { mosquittoPath } from '../../fixtures/mosquitto.js';
import { sleep } from '../../fixtures/page-harness.js';
import { waitFor } from '../../fixtures/transports.js';
import { probeClient, type ProbedClient } from './client-probe.js';
import { restartableMosquitto, startGate, type Gate, type RestartableBroker } from './restartable-brokers.js';

/**
 * Everyone copies `connect(url, "processing")`. A broker keeps only the newest connection
 * per client id, so two such sketches throw each other off in turn, forever. The client
 * must notice ("connected, then closed within moments", repeatedly), stop reconnecting,
 * and say what to do; the other sketch then keeps the id and stays connected.
 */

const ID = 'processing';
const EXPLANATION = `another client is using the id '${ID}'; use a unique id or omit it`;
/** How long after the verdict the broker must see no new connection with the id. */
const QUIET_MS = 2000;

interface Verdict {
  loser: ProbedClient;
  winner: ProbedClient;
  /** ms from start to the loser's 'error' status. */
  detectedAfter: number;
  connectsAtVerdict: number;
  connectsAfterQuiet: number;
}

/** Disconnects what a test left connected. */
const cleanups: Array<() => Promise<unknown>> = [];

/** Two kit clients with the same id and default options, as two students would write them. */
async function fightOverId(url: string, connects: () => number): Promise<Verdict> {
  const t0 = Date.now();
  const clock = () => Date.now() - t0;
  const a = probeClient(url, ID, {}, clock);
  // The second sketch opens a moment later, as a second student's would.
  await sleep(200);
  const b = probeClient(url, ID, {}, clock);
  cleanups.push(() => Promise.all([a.client.disconnect(), b.client.disconnect()]));
  await waitFor(() => a.client.status === 'error' || b.client.status === 'error', `one client to give up on '${ID}'`, 15_000);
  const detectedAfter = clock();
  const [loser, winner] = a.client.status === 'error' ? [a, b] : [b, a];
  // The survivor may be between a takeover and its reconnect right now.
  await waitFor(() => winner.client.connected, 'the other client to be connected', 3000);
  const connectsAtVerdict = connects();
  await sleep(QUIET_MS);
  return { loser, winner, detectedAfter, connectsAtVerdict, connectsAfterQuiet: connects() };
}

function expectSettled(verdict: Verdict): void {
  const { loser, winner } = verdict;
  expect(loser.client.status).toBe('error');
  expect(loser.client.statusText).toContain(EXPLANATION);
  // Said once as an error event too (the console, when nobody listens), not once per kick.
  expect(loser.errors.filter((e) => e.includes(EXPLANATION))).toHaveLength(1);
  // The loser stopped: no attempt after the verdict, and the broker sees no new connects.
  const errorAt = loser.statuses.find((s) => s.status === 'error')!.at;
  expect(loser.statuses.filter((s) => s.at > errorAt)).toEqual([]);
  expect(verdict.connectsAfterQuiet).toBe(verdict.connectsAtVerdict);
  // The winner kept the id: connected the whole quiet time, and still usable.
  expect(winner.client.status).toBe('connected');
  expect(winner.statuses.filter((s) => s.at > errorAt + 1000 && s.status !== 'connected')).toEqual([]);
}

/** The winner talks to itself: subscribe and publish still work after the fight. */
async function expectUsable(winner: ProbedClient): Promise<void> {
  const seen: string[] = [];
  expect(await winner.client.subscribe('faults/dup', (m) => seen.push(m.text), { qos: 1 })).toBe(true);
  expect(await winner.client.publish('faults/dup', 'still here', { qos: 1 })).toBe(true);
  await waitFor(() => seen.includes('still here'), 'the winner to receive its own message', 3000);
}

const verdicts: string[] = [];
function record(name: string, v: Verdict): void {
  const kicks = (p: ProbedClient) => p.connections.length;
  verdicts.push(`[faults] duplicate id on ${name}: detected after ${v.detectedAfter} ms; connections: loser ${kicks(v.loser)}, winner ${kicks(v.winner)}; broker connects ${v.connectsAtVerdict} → ${v.connectsAfterQuiet} after ${QUIET_MS} ms`);
}

describe('two clients with the same id', () => {
  let broker: TestBroker | undefined;
  let mosquitto: RestartableBroker | undefined;
  let gate: Gate | undefined;
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await gate?.close();
    gate = undefined;
    await broker?.close();
    await mosquitto?.dispose();
    broker = mosquitto = undefined;
    if (verdicts.length > 0) console.log(verdicts.splice(0).join('\n'));
  });

  it('on aedes: one gives up with a readable error, the other stays connected, the broker sees no more connects', async () => {
    broker = await startTestBroker();
    let connects = 0;
    broker.aedes.on('client', (client) => {
      if (client.id === ID) connects++;
    });
    const verdict = await fightOverId(broker.tcpUrl, () => connects);
    record('aedes (default reconnect)', verdict);
    expectSettled(verdict);
    await expectUsable(verdict.winner);
    expect(verdict.detectedAfter).toBeLessThan(15_000);
    // Each needs a few short connections before it may conclude; no more than that.
    expect(verdict.connectsAtVerdict).toBeGreaterThanOrEqual(4);
    expect(verdict.connectsAtVerdict).toBeLessThanOrEqual(12);
  }, 30_000);

  it.skipIf(!mosquittoPath)('on mosquitto: the same', async () => {
    mosquitto = await restartableMosquitto({ persistence: false });
    await mosquitto.start();
    const log = mosquitto.log;
    const connects = () => log().match(new RegExp(`New client connected from \\S+ as ${ID} `, 'g'))?.length ?? 0;
    const verdict = await fightOverId(mosquitto.tcpUrl, connects);
    record('mosquitto (default reconnect)', verdict);
    expectSettled(verdict);
    await expectUsable(verdict.winner);
    // mosquitto says what happened, once per takeover.
    expect(log()).toMatch(new RegExp(`Client ${ID} already connected, closing old connection`));
  }, 30_000);

  // The kick-loop check cannot tell a takeover from any other early close (flaky Wi-Fi, a
  // proxy, a broker restarting in a loop). An id the kit drew at random cannot be shared,
  // so such a client must keep reconnecting instead of blaming a duplicate id.
  it('a random id on a link that drops every connection after 0.8 s keeps reconnecting, never blames a duplicate id', async () => {
    broker = await startTestBroker();
    gate = await startGate(broker.tcpPort, { cutAfterMs: 800 });
    const t0 = Date.now();
    const flaky = probeClient(gate.url, undefined, { reconnect: { min: 100, max: 1000 } }, () => Date.now() - t0);
    cleanups.push(() => flaky.client.disconnect());
    await sleep(6000);
    expect(flaky.connections.length).toBeGreaterThanOrEqual(3);
    expect(flaky.statuses.filter((s) => s.status === 'error')).toEqual([]);
    expect(flaky.client.status).not.toBe('error');
  }, 20_000);
});
