import { describe, expect, it } from 'vitest';
import { ReloadBudget } from '../../../src/kit/kiosk/reload-budget.js';

/** A Storage kept in a Map; `broken` makes setItem throw, as a full or blocked storage does. */
function memoryStorage(broken = false): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (broken) throw new Error('QuotaExceededError');
      items.set(key, value);
    },
  } as Storage;
}

describe('ReloadBudget', () => {
  it('allows max reloads within the window, remembered across instances (i.e. across the reloads)', () => {
    const storage = memoryStorage();
    const budget = () => new ReloadBudget(storage, 'k', 2, 60_000);
    expect(budget().take('stalled', 1000)).toBe(true);
    expect(budget().take('errors', 2000)).toBe(true);
    expect(budget().take('stalled again', 3000)).toBe(false);
    expect(budget().recent(3000)).toEqual([{ at: 1000, reason: 'stalled' }, { at: 2000, reason: 'errors' }]);
  });

  it('gives reloads back once they are older than the window', () => {
    const budget = new ReloadBudget(memoryStorage(), 'k', 1, 60_000);
    expect(budget.take('a', 0)).toBe(true);
    expect(budget.take('b', 59_999)).toBe(false);
    expect(budget.take('c', 60_000)).toBe(true);
    expect(budget.recent(60_000).map((r) => r.reason)).toEqual(['c']);
  });

  it('keeps pages apart by key', () => {
    const storage = memoryStorage();
    expect(new ReloadBudget(storage, '/a', 1, 60_000).take('x', 0)).toBe(true);
    expect(new ReloadBudget(storage, '/b', 1, 60_000).take('x', 0)).toBe(true);
  });

  it('makes no reload it cannot count: no storage, or storage refusing to write', () => {
    expect(new ReloadBudget(undefined, 'k', 3, 60_000).take('x', 0)).toBe(false);
    expect(new ReloadBudget(memoryStorage(true), 'k', 3, 60_000).take('x', 0)).toBe(false);
  });

  it('reads anything else found under its key as no reloads', () => {
    const storage = memoryStorage();
    for (const junk of ['not json', '{"a":1}', '[{"at":"x"}, 5, null]']) {
      storage.setItem('k', junk);
      expect(new ReloadBudget(storage, 'k', 3, 60_000).recent(0)).toEqual([]);
    }
  });
});
