import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MqttClient } from '../../../src/mqtt/client.js';
import type { ClientStatus } from '../../../src/mqtt/transport.js';
import { brokerPortIn, followMovedBroker } from '../../../src/kit/kiosk/moved-broker.js';

/** The few parts of a client that followMovedBroker reads, with a status to set. */
function fakeClient(status: ClientStatus) {
  const listeners = new Set<() => void>();
  const client = {
    status,
    get connected() { return client.status === 'connected'; },
    on(_event: 'status', listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next: ClientStatus) {
      client.status = next;
      for (const listener of [...listeners]) listener();
    },
    listeners,
  };
  return client;
}

const page = (port: number) => `<!doctype html><html><head><meta charset="utf-8"><meta name="p5-mqtt-ws-port" content="${port}"></head><body></body></html>`;
const served = { host: '127.0.0.1', wsPort: 9002 };

describe('a kiosk page finds its broker after serve restarts on another port', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads the port the server names now', () => {
    expect(brokerPortIn(page(9001))).toBe(9001);
    expect(brokerPortIn(`<meta content='9003' name='p5-mqtt-ws-port' />`)).toBe(9003);
    expect(brokerPortIn('<meta name="p5-mqtt-ws-port" content="0">')).toBeUndefined();
    expect(brokerPortIn('<html></html>')).toBeUndefined();
  });

  it('while unreachable, asks the server every few seconds and moves once the port differs', async () => {
    const client = fakeClient('connected');
    let now = page(9002);
    const fetchPage = vi.fn(async () => now);
    const moved = vi.fn();
    followMovedBroker(client as unknown as MqttClient, served, moved, 5000, fetchPage);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchPage).not.toHaveBeenCalled();

    client.set('reconnecting');
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetchPage).toHaveBeenCalledTimes(1);
    expect(moved).not.toHaveBeenCalled();
    now = page(9001);
    await vi.advanceTimersByTimeAsync(5000);
    expect(moved).toHaveBeenCalledExactlyOnceWith(9001);
    // Once moved it stops: a reload is on its way.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchPage).toHaveBeenCalledTimes(2);
    expect(client.listeners.size).toBe(0);
  });

  it('keeps asking while the server itself is down, and stops asking once connected again', async () => {
    const client = fakeClient('connecting');
    const fetchPage = vi.fn(async () => { throw new TypeError('Failed to fetch'); });
    const moved = vi.fn();
    followMovedBroker(client as unknown as MqttClient, served, moved, 5000, fetchPage);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(fetchPage).toHaveBeenCalledTimes(3);
    client.set('connected');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(fetchPage).toHaveBeenCalledTimes(3);
    expect(moved).not.toHaveBeenCalled();
  });

  it('leaves alone a refused login, a sketch that hung up, and a page no kit served', async () => {
    const fetchPage = vi.fn(async () => page(9001));
    for (const status of ['error', 'offline'] as const) {
      followMovedBroker(fakeClient(status) as unknown as MqttClient, served, vi.fn(), 5000, fetchPage);
    }
    followMovedBroker(fakeClient('reconnecting') as unknown as MqttClient, undefined, vi.fn(), 5000, fetchPage);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchPage).not.toHaveBeenCalled();
  });
});
