import { describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../src/mqtt/emitter.js';

type Events = {
  count: number;
  status: { status: string; text: string };
  done: undefined;
};

function make() {
  const errors: Array<{ error: unknown; event: keyof Events }> = [];
  const emitter = new Emitter<Events>((error, event) => errors.push({ error, event }));
  return { emitter, errors };
}

describe('Emitter', () => {
  it('delivers the payload to listeners of that event only', () => {
    const { emitter } = make();
    const counts: number[] = [];
    const statuses: string[] = [];
    emitter.on('count', (n) => counts.push(n));
    emitter.on('status', (s) => statuses.push(s.text));
    emitter.emit('count', 1);
    emitter.emit('count', 2);
    emitter.emit('status', { status: 'connected', text: 'Connected' });
    expect(counts).toEqual([1, 2]);
    expect(statuses).toEqual(['Connected']);
  });

  it('calls listeners in the order they were added', () => {
    const { emitter } = make();
    const order: string[] = [];
    emitter.on('count', () => order.push('a'));
    emitter.on('count', () => order.push('b'));
    emitter.on('count', () => order.push('c'));
    emitter.emit('count', 0);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('does nothing when emitting an event nobody listens to', () => {
    const { emitter, errors } = make();
    expect(() => emitter.emit('done', undefined)).not.toThrow();
    expect(errors).toEqual([]);
  });

  it('off removes a listener', () => {
    const { emitter } = make();
    const listener = vi.fn();
    emitter.on('count', listener);
    emitter.emit('count', 1);
    emitter.off('count', listener);
    emitter.emit('count', 2);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(1);
  });

  it('on returns a function that removes the listener, leaving the others', () => {
    const { emitter } = make();
    const removed = vi.fn();
    const kept = vi.fn();
    const unsubscribe = emitter.on('count', removed);
    emitter.on('count', kept);
    expect(emitter.has('count')).toBe(true);
    unsubscribe();
    unsubscribe(); // harmless twice
    emitter.emit('count', 5);
    expect(removed).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledWith(5);
  });

  it('has reports whether an event has listeners', () => {
    const { emitter } = make();
    expect(emitter.has('count')).toBe(false);
    const off = emitter.on('count', () => {});
    expect(emitter.has('count')).toBe(true);
    expect(emitter.has('status')).toBe(false);
    off();
    expect(emitter.has('count')).toBe(false);
  });

  it('clear removes every listener', () => {
    const { emitter } = make();
    const listener = vi.fn();
    emitter.on('count', listener);
    emitter.on('done', listener);
    emitter.clear();
    emitter.emit('count', 1);
    emitter.emit('done', undefined);
    expect(listener).not.toHaveBeenCalled();
    expect(emitter.has('count')).toBe(false);
  });

  it('a throwing listener does not stop the others and is reported', () => {
    const { emitter, errors } = make();
    const boom = new Error('sketch bug');
    const before = vi.fn();
    const after = vi.fn();
    emitter.on('count', before);
    emitter.on('count', () => {
      throw boom;
    });
    emitter.on('count', after);
    expect(() => emitter.emit('count', 3)).not.toThrow();
    expect(before).toHaveBeenCalledWith(3);
    expect(after).toHaveBeenCalledWith(3);
    expect(errors).toEqual([{ error: boom, event: 'count' }]);
  });

  it('reports every throwing listener, and non-Error throws too', () => {
    const { emitter, errors } = make();
    emitter.on('status', () => {
      throw new Error('one');
    });
    emitter.on('status', () => {
      throw 'two';
    });
    emitter.emit('status', { status: 'error', text: 'x' });
    expect(errors.map((e) => e.event)).toEqual(['status', 'status']);
    expect((errors[0]?.error as Error).message).toBe('one');
    expect(errors[1]?.error).toBe('two');
  });

  it('a listener removed during emit still gets the current event; one added does not', () => {
    const { emitter } = make();
    const second = vi.fn();
    const added = vi.fn();
    emitter.on('count', () => {
      emitter.off('count', second);
      emitter.on('count', added);
    });
    emitter.on('count', second);
    emitter.emit('count', 1);
    expect(second).toHaveBeenCalledTimes(1);
    expect(added).not.toHaveBeenCalled();
    emitter.emit('count', 2);
    expect(second).toHaveBeenCalledTimes(1);
    expect(added).toHaveBeenCalledWith(2);
  });

  it('is typed by its event map', () => {
    const { emitter } = make();
    // Never called: the checks happen at compile time (tsc --noEmit).
    const typeChecks = () => {
      emitter.on('count', (n) => n.toFixed());
      emitter.on('status', (s) => s.text.toUpperCase());
      // @ts-expect-error the payload of 'count' is a number
      emitter.emit('count', 'one');
      // @ts-expect-error 'nope' is not an event
      emitter.on('nope', () => {});
      // @ts-expect-error a status needs text
      emitter.emit('status', { status: 'x' });
    };
    expect(typeof typeChecks).toBe('function');
  });
});
