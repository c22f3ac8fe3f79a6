import { describe, expect, it, vi } from 'vitest';
import { createMessage, type MqttMessage } from '../../src/mqtt/payload.js';
import { Subscriptions } from '../../src/mqtt/subscriptions.js';

const msg = (topic: string, text = 'x') => createMessage(topic, new TextEncoder().encode(text));
const noErrors = (error: unknown) => {
  throw new Error(`unexpected handler error: ${String(error)}`);
};

describe('Subscriptions', () => {
  it('calls only the handlers whose filter matches', () => {
    const subs = new Subscriptions();
    const kitchen = vi.fn();
    const garden = vi.fn();
    subs.add('home/kitchen/temp', 0, kitchen);
    subs.add('home/garden/temp', 0, garden);
    const m = msg('home/kitchen/temp', '21');
    expect(subs.dispatch(m, noErrors)).toBe(1);
    expect(kitchen).toHaveBeenCalledTimes(1);
    expect(kitchen).toHaveBeenCalledWith(m);
    expect(garden).not.toHaveBeenCalled();
    expect(subs.dispatch(msg('home/cellar/temp'), noErrors)).toBe(0);
    expect(kitchen).toHaveBeenCalledTimes(1);
  });

  it('calls wildcard handlers', () => {
    const subs = new Subscriptions();
    const plus = vi.fn();
    const hash = vi.fn();
    const all = vi.fn();
    subs.add('home/+/temp', 0, plus);
    subs.add('home/#', 0, hash);
    subs.add('#', 0, all);
    expect(subs.dispatch(msg('home/kitchen/temp'), noErrors)).toBe(3);
    expect(subs.dispatch(msg('home'), noErrors)).toBe(2); // home/# matches its parent; home/+/temp does not
    expect(subs.dispatch(msg('home/kitchen/humidity'), noErrors)).toBe(2);
    expect(subs.dispatch(msg('$SYS/uptime'), noErrors)).toBe(0); // leading wildcards skip $ topics
    expect(plus).toHaveBeenCalledTimes(1);
    expect(hash).toHaveBeenCalledTimes(3);
    expect(all).toHaveBeenCalledTimes(3);
  });

  it('calls every handler of a filter and counts them', () => {
    const subs = new Subscriptions();
    const a = vi.fn();
    const b = vi.fn();
    subs.add('t', 0, a);
    subs.add('t', 1, b);
    subs.add('t', 0, a); // the same handler twice runs once
    expect(subs.dispatch(msg('t'), noErrors)).toBe(2);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('reports a throwing handler and still runs the others', () => {
    const subs = new Subscriptions();
    const boom = new Error('sketch bug');
    const before = vi.fn();
    const after = vi.fn();
    const other = vi.fn();
    subs.add('a/b', 0, before);
    subs.add('a/b', 0, () => {
      throw boom;
    });
    subs.add('a/b', 0, after);
    subs.add('a/+', 0, other);
    const errors: unknown[] = [];
    expect(subs.dispatch(msg('a/b'), (error) => errors.push(error))).toBe(4);
    expect(errors).toEqual([boom]);
    expect(before).toHaveBeenCalledTimes(1);
    expect(after).toHaveBeenCalledTimes(1);
    expect(other).toHaveBeenCalledTimes(1);
  });

  it('remove() stops dispatch for that filter only', () => {
    const subs = new Subscriptions();
    const removed = vi.fn();
    const kept = vi.fn();
    subs.add('a/#', 0, removed);
    subs.add('a/b', 0, kept);
    expect(subs.remove('a/#')).toBe(true);
    expect(subs.remove('a/#')).toBe(false);
    expect(subs.dispatch(msg('a/b'), noErrors)).toBe(1);
    expect(removed).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
    expect(subs.filters()).toEqual(['a/b']);
  });

  it('lists its filters; a filter added without a handler is listed but runs nothing', () => {
    const subs = new Subscriptions();
    subs.add('x', 0);
    subs.add('y/+', 2, () => {});
    subs.add('x', 1);
    expect(subs.filters()).toEqual(['x', 'y/+']);
    expect(subs.dispatch(msg('x'), noErrors)).toBe(0);
  });

  it('passes the message itself to handlers', () => {
    const subs = new Subscriptions();
    let received: MqttMessage | undefined;
    subs.add('n', 0, (m) => {
      received = m;
    });
    subs.dispatch(msg('n', '42'), noErrors);
    expect(received?.topic).toBe('n');
    expect(received?.number).toBe(42);
  });

  it('a handler that removes its own filter does not break the dispatch', () => {
    const subs = new Subscriptions();
    const other = vi.fn();
    subs.add('a', 0, () => subs.remove('a'));
    subs.add('#', 0, other);
    expect(subs.dispatch(msg('a'), noErrors)).toBe(2);
    expect(subs.dispatch(msg('a'), noErrors)).toBe(1);
    expect(other).toHaveBeenCalledTimes(2);
  });

  // A handler that keeps subscribing new closures must not loop forever.
  it('a handler added during dispatch does not receive the message being dispatched', () => {
    const subs = new Subscriptions();
    const added = vi.fn();
    subs.add('a', 0, () => subs.add('a', 0, added));
    expect(subs.dispatch(msg('a'), noErrors)).toBe(1);
    expect(added).not.toHaveBeenCalled();
  });
});
