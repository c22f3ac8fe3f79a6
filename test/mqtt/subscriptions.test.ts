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
    expect(subs.dispatch(m, noErrors).handled).toBe(1);
    expect(kitchen).toHaveBeenCalledTimes(1);
    expect(kitchen).toHaveBeenCalledWith(m);
    expect(garden).not.toHaveBeenCalled();
    expect(subs.dispatch(msg('home/cellar/temp'), noErrors).handled).toBe(0);
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
    expect(subs.dispatch(msg('home/kitchen/temp'), noErrors).handled).toBe(3);
    expect(subs.dispatch(msg('home'), noErrors).handled).toBe(2); // home/# matches its parent; home/+/temp does not
    expect(subs.dispatch(msg('home/kitchen/humidity'), noErrors).handled).toBe(2);
    expect(subs.dispatch(msg('$SYS/uptime'), noErrors).handled).toBe(0); // leading wildcards skip $ topics
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
    expect(subs.dispatch(msg('t'), noErrors).handled).toBe(2);
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
    expect(subs.dispatch(msg('a/b'), (error) => errors.push(error)).handled).toBe(4);
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
    expect(subs.dispatch(msg('a/b'), noErrors).handled).toBe(1);
    expect(removed).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
    expect(subs.filters()).toEqual(['a/b']);
  });

  it('lists its filters; a filter added without a handler runs nothing and leaves the message unclaimed', () => {
    const subs = new Subscriptions();
    subs.add('x', 0);
    subs.add('y/+', 2, () => {});
    subs.add('x', 1);
    expect(subs.filters()).toEqual(['x', 'y/+']);
    expect(subs.dispatch(msg('x'), noErrors)).toEqual({ handled: 0, unclaimed: true });
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
    expect(subs.dispatch(msg('a'), noErrors).handled).toBe(2);
    expect(subs.dispatch(msg('a'), noErrors).handled).toBe(1);
    expect(other).toHaveBeenCalledTimes(2);
  });

  // A handler that keeps subscribing new closures must not loop forever.
  it('a handler added during dispatch does not receive the message being dispatched', () => {
    const subs = new Subscriptions();
    const added = vi.fn();
    subs.add('a', 0, () => subs.add('a', 0, added));
    expect(subs.dispatch(msg('a'), noErrors).handled).toBe(1);
    expect(added).not.toHaveBeenCalled();
  });

  // Paho's rule, which Processing's library is built on: a message that a subscription's
  // own listener takes does not also reach the catch-all callback.
  it('a message taken by a handler is not unclaimed; one matching nothing is', () => {
    const subs = new Subscriptions();
    subs.add('sensors/#', 0, () => {});
    subs.add('hello', 0);
    expect(subs.dispatch(msg('sensors/t'), noErrors)).toEqual({ handled: 1, unclaimed: false });
    expect(subs.dispatch(msg('hello'), noErrors)).toEqual({ handled: 0, unclaimed: true });
    expect(subs.dispatch(msg('elsewhere'), noErrors)).toEqual({ handled: 0, unclaimed: true });
  });

  it('a handler matched by two filters runs once per message', () => {
    const subs = new Subscriptions();
    const h = vi.fn();
    subs.add('a/+', 0, h);
    subs.add('a/#', 0, h);
    expect(subs.dispatch(msg('a/b'), noErrors).handled).toBe(1);
    expect(h).toHaveBeenCalledTimes(1);
  });

  describe('latestOnly belongs to the subscription that asked for it', () => {
    it('a latest-only handler skips a message with a newer one waiting; a # logger does not', () => {
      const subs = new Subscriptions();
      const slider = vi.fn();
      const logger = vi.fn();
      subs.add('slider/+', 0, slider, true);
      subs.add('#', 0, logger);
      expect(subs.route('slider/1')).toMatchObject({ coalescible: false, someLatestOnly: true });
      subs.dispatch(msg('slider/1', '1'), noErrors, true);
      subs.dispatch(msg('slider/1', '2'), noErrors, false);
      expect(slider.mock.calls.map(([m]) => (m as MqttMessage).text)).toEqual(['2']);
      expect(logger.mock.calls.map(([m]) => (m as MqttMessage).text)).toEqual(['1', '2']);
    });

    it('a topic whose every subscription is latest-only may be coalesced in the queue', () => {
      const subs = new Subscriptions();
      subs.add('slider/+', 0, () => {}, true);
      subs.add('slider/#', 0, undefined, true);
      expect(subs.route('slider/1')).toMatchObject({ coalescible: true, someLatestOnly: true });
      expect(subs.route('other')).toMatchObject({ coalescible: false, someLatestOnly: false });
    });

    it('subscribing the same filter again with another handler keeps the first one latest-only', () => {
      const subs = new Subscriptions();
      const fast = vi.fn();
      const every = vi.fn();
      subs.add('pos', 0, fast, true);
      subs.add('pos', 0, every);
      subs.dispatch(msg('pos', 'old'), noErrors, true);
      expect(fast).not.toHaveBeenCalled();
      expect(every).toHaveBeenCalledTimes(1);
    });

    it('the same filter and handler subscribed again takes the new options', () => {
      const subs = new Subscriptions();
      const h = vi.fn();
      subs.add('pos', 0, h, true);
      subs.add('pos', 0, h);
      subs.dispatch(msg('pos', 'old'), noErrors, true);
      expect(h).toHaveBeenCalledTimes(1);
    });

    it('a consumer is latest-only for a topic only if all of its matching subscriptions are', () => {
      const subs = new Subscriptions();
      const h = vi.fn();
      subs.add('pos/+', 0, h, true);
      subs.add('pos/special', 0, h);
      subs.dispatch(msg('pos/special'), noErrors, true);
      subs.dispatch(msg('pos/other'), noErrors, true);
      expect(h).toHaveBeenCalledTimes(1);
    });
  });
});
