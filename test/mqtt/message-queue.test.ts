import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MessageQueue } from '../../src/mqtt/message-queue.js';
import type { WireMessage } from '../../src/mqtt/transport.js';

const wire = (topic: string, n: number): WireMessage => ({ topic, payload: new Uint8Array([n]), qos: 0, retained: false });
const never = () => false;
const show = (messages: WireMessage[]) => messages.map((m) => `${m.topic}${m.payload[0]}`);

describe('MessageQueue', () => {
  it('hands messages over oldest first, in parts or all at once', () => {
    const queue = new MessageQueue(100);
    queue.push([wire('a', 1), wire('a', 2), wire('b', 3)], never);
    expect(show(queue.take(2))).toEqual(['a1', 'a2']);
    for (const none of [0, -1, Number.NaN]) expect(queue.take(none)).toEqual([]);
    expect(show(queue.take())).toEqual(['b3']);
    expect(queue.take()).toEqual([]);
  });

  it('drops the oldest beyond its limit and says how many', () => {
    const queue = new MessageQueue(3);
    expect(queue.push([1, 2, 3, 4, 5].map((n) => wire('t', n)), never)).toEqual({ coalesced: 0, dropped: 2 });
    expect(show(queue.take())).toEqual(['t3', 't4', 't5']);
  });

  it('replaces a waiting latest-only message in its place, also after part of the queue was taken', () => {
    const queue = new MessageQueue(100);
    const latest = (topic: string) => topic === 'x';
    queue.push([wire('a', 1), wire('x', 1), wire('a', 2)], latest);
    expect(show(queue.take(1))).toEqual(['a1']);
    expect(queue.push([wire('x', 2), wire('x', 3)], latest)).toEqual({ coalesced: 2, dropped: 0 });
    expect(show(queue.take())).toEqual(['x3', 'a2']);
    // Nothing of x waits now: the next one queues at the end.
    queue.push([wire('a', 4), wire('x', 4)], latest);
    expect(show(queue.take())).toEqual(['a4', 'x4']);
  });

  it('keeps at most one message per latest-only topic waiting, and loses none of the others (property)', () => {
    const step = fc.oneof(
      fc.record({ push: fc.array(fc.record({ topic: fc.constantFrom('a', 'b', 'x', 'y'), n: fc.nat(255) }), { maxLength: 20 }) }),
      fc.record({ take: fc.nat(30) }),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const queue = new MessageQueue(1000);
      const latest = (topic: string) => topic === 'x' || topic === 'y';
      let pushedPlain = 0;
      let takenPlain = 0;
      for (const s of steps) {
        if ('push' in s) {
          queue.push(s.push.map(({ topic, n }) => wire(topic, n)), latest);
          pushedPlain += s.push.filter(({ topic }) => !latest(topic)).length;
        } else {
          takenPlain += queue.take(s.take).filter((m) => !latest(m.topic)).length;
        }
      }
      const rest = queue.take();
      expect(rest.filter((m) => m.topic === 'x').length).toBeLessThanOrEqual(1);
      expect(rest.filter((m) => m.topic === 'y').length).toBeLessThanOrEqual(1);
      expect(takenPlain + rest.filter((m) => !latest(m.topic)).length).toBe(pushedPlain);
    }));
  });
});
