import { afterEach, describe, expect, it, vi } from 'vitest';
import { FallbackTransport } from '../../src/mqtt/fallback-transport.js';
import type { Transport, TransportCommand, TransportConfig, TransportEvent } from '../../src/mqtt/transport.js';

/** A transport that records what it is sent and lets the test answer. */
class FakeTransport implements Transport {
  onEvent: (event: TransportEvent) => void = () => {};
  sent: TransportCommand[] = [];
  send(command: TransportCommand): void {
    this.sent.push(command);
  }
  emit(event: TransportEvent): void {
    this.onEvent(event);
  }
}

const config: TransportConfig = {
  url: 'ws://localhost:9001', clientId: 'p5-test', idChosen: false, clean: true, keepalive: 30, connectTimeout: 1000, display: 'ws://localhost:9001',
};
const bytes = new TextEncoder().encode('world');

describe('FallbackTransport', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  afterEach(() => warn.mockClear());

  it('uses the primary while it works, and says nothing', () => {
    const primary = new FakeTransport();
    const fallback = vi.fn(() => new FakeTransport());
    const transport = new FallbackTransport(() => primary, fallback);
    const events: TransportEvent[] = [];
    transport.onEvent = (event) => events.push(event);
    transport.send({ type: 'start', config });
    primary.emit({ type: 'connected', sessionPresent: false });
    expect(primary.sent).toHaveLength(1);
    expect(events).toEqual([{ type: 'connected', sessionPresent: false }]);
    expect(fallback).not.toHaveBeenCalled();
    expect(transport.usingFallback).toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });

  it('after a failure, replays the connection, its will, granted subscriptions and unanswered commands', () => {
    const primary = new FakeTransport();
    const fallback = new FakeTransport();
    const transport = new FallbackTransport(() => primary, () => fallback);
    const events: TransportEvent[] = [];
    transport.onEvent = (event) => events.push(event);
    const will = { topic: 'status', payload: bytes, qos: 1 as const, retain: true };
    transport.send({ type: 'start', config });
    transport.send({ type: 'will', will });
    transport.send({ type: 'subscribe', id: 1, filter: 'hello', qos: 0 });
    transport.send({ type: 'subscribe', id: 2, filter: 'pending/#', qos: 1 });
    transport.send({ type: 'subscribe', id: 3, filter: 'gone', qos: 0 });
    transport.send({ type: 'publish', id: 4, topic: 'hello', payload: bytes, qos: 1, retain: false });
    primary.emit({ type: 'done', id: 1, granted: 0 });
    primary.emit({ type: 'done', id: 3, granted: 0 });
    transport.send({ type: 'unsubscribe', id: 5, filter: 'gone' });
    primary.emit({ type: 'done', id: 5 });

    primary.emit({ type: 'failed', reason: 'worker crashed' });
    expect(transport.usingFallback).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/worker could not run \(worker crashed\).*runs in the page/);

    expect(fallback.sent).toEqual([
      { type: 'start', config: { ...config, will } },
      { type: 'subscribe', id: -1, filter: 'hello', qos: 0 },
      { type: 'subscribe', id: 2, filter: 'pending/#', qos: 1 },
      { type: 'publish', id: 4, topic: 'hello', payload: bytes, qos: 1, retain: false },
    ]);
    // The renewal's answer is the transport's own; the client's commands get theirs.
    fallback.emit({ type: 'done', id: -1, granted: 0 });
    fallback.emit({ type: 'done', id: 2, granted: 1 });
    fallback.emit({ type: 'done', id: 4 });
    expect(events.filter((e) => e.type === 'done').map((e) => (e as { id: number }).id)).toEqual([1, 3, 5, 2, 4]);
    // Late events of the failed primary are ignored; the fallback's failure is the client's to see.
    primary.emit({ type: 'connected', sessionPresent: false });
    fallback.emit({ type: 'failed', reason: 'also broken' });
    expect(events.at(-1)).toEqual({ type: 'failed', reason: 'also broken' });
    expect(events.filter((e) => e.type === 'connected')).toEqual([]);
  });

  it('falls back at once when the browser refuses to start the worker', () => {
    const fallback = new FakeTransport();
    const transport = new FallbackTransport(() => {
      throw new Error("Refused to create a worker: Content Security Policy 'worker-src'");
    }, () => fallback);
    transport.send({ type: 'start', config });
    expect(transport.usingFallback).toBe(true);
    expect(fallback.sent).toEqual([{ type: 'start', config }]);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/refused it: Refused to create a worker/);
  });

  it('a failure after disconnect() answers the goodbye and connects nothing', async () => {
    const primary = new FakeTransport();
    const fallback = new FakeTransport();
    const transport = new FallbackTransport(() => primary, () => fallback);
    const events: TransportEvent[] = [];
    transport.onEvent = (event) => events.push(event);
    transport.send({ type: 'start', config });
    transport.send({ type: 'stop', id: 7 });
    primary.emit({ type: 'failed', reason: 'terminated' });
    await Promise.resolve();
    expect(fallback.sent).toEqual([]);
    expect(events).toEqual([{ type: 'done', id: 7 }]);
  });
});
