import { describe, expect, it } from 'vitest';
import { connect } from '../../src/mqtt/connect.js';
import type { Transport, TransportCommand, TransportEvent, WireMessage } from '../../src/mqtt/transport.js';

/**
 * README: "nothing is dropped silently … each is counted in `client.stats`". A tab nobody
 * drains (hidden, or a sketch whose draw() stalls) gets a flood; whatever it never sees must
 * be in `stats.dropped` or `stats.coalesced`, so received = delivered + dropped + coalesced.
 * The flood comes through a stand-in transport, in batches as the worker posts them, so the
 * counts are exact and the test takes milliseconds.
 */
const QUEUE_LIMIT = 10_000;

class FloodTransport implements Transport {
  onEvent: (event: TransportEvent) => void = () => {};
  send(command: TransportCommand): void {
    if (command.type === 'start') return this.onEvent({ type: 'connected', sessionPresent: false });
    if ('id' in command) this.onEvent({ type: 'done', id: command.id });
  }
  /** One batch, as the worker posts one per frame. */
  deliver(topic: (i: number) => string, count: number, from = 0): void {
    const messages: WireMessage[] = Array.from({ length: count }, (_, i) => ({
      topic: topic(from + i), payload: new TextEncoder().encode(String(from + i)), qos: 0, retained: false,
    }));
    this.onEvent({ type: 'messages', messages });
  }
}

function flooded() {
  const transport = new FloodTransport();
  const client = connect('mqtt://localhost', 'flooded', { deliver: 'drain', transport });
  const errors: string[] = [];
  client.on('error', (error) => errors.push(error.message));
  return { transport, client, errors };
}

describe('a flood nobody drains: every message the sketch never sees is counted', () => {
  it('counts each message beyond the 10,000 waiting as dropped, oldest first, across batches', async () => {
    const { transport, client, errors } = flooded();
    const seen: string[] = [];
    await client.subscribe('sensor/#', (m) => seen.push(m.text));
    // 10,250 in uneven batches: the overflow is spread over several pushes.
    for (let from = 0; from < QUEUE_LIMIT + 250; from += 700) transport.deliver(() => 'sensor/a', Math.min(700, QUEUE_LIMIT + 250 - from), from);

    expect(client.stats.received).toBe(QUEUE_LIMIT + 250);
    expect(client.stats.dropped).toBe(250);
    expect(client.drain()).toBe(QUEUE_LIMIT);
    expect(client.stats.delivered).toBe(QUEUE_LIMIT);
    expect(client.stats.received).toBe(client.stats.delivered + client.stats.dropped);
    // The oldest went: the sketch gets the newest 10,000.
    expect(seen[0]).toBe('250');
    expect(seen.at(-1)).toBe(String(QUEUE_LIMIT + 249));
    // Said once, not once per batch that overflowed.
    expect(errors.filter((text) => text.includes('stats.dropped'))).toHaveLength(1);
  });

  it('keeps the books with a latestOnly subscription too: received = delivered + dropped + coalesced', async () => {
    const { transport, client } = flooded();
    const slider: string[] = [];
    const sensor: string[] = [];
    await client.subscribe('slider/+', (m) => slider.push(m.text), { latestOnly: true });
    await client.subscribe('sensor/#', (m) => sensor.push(m.text));
    transport.deliver(() => 'slider/1', 3); // one waiting, two replaced
    transport.deliver(() => 'sensor/a', QUEUE_LIMIT + 200);
    transport.deliver(() => 'slider/1', 4, 100); // the first slider was dropped: a fresh one waits, three replaced

    const { received, dropped, coalesced } = client.stats;
    expect(received).toBe(3 + QUEUE_LIMIT + 200 + 4);
    expect(coalesced).toBe(2 + 3);
    // 10,202 entries after the first two batches (1 slider + 10,200 sensor + 1 over), then one more slider.
    expect(dropped).toBe(201 + 1);
    client.drain();
    expect(client.stats.received).toBe(client.stats.delivered + client.stats.dropped + client.stats.coalesced);
    expect(slider).toEqual(['103']);
    expect(sensor).toHaveLength(QUEUE_LIMIT - 1);
  });
});
