import { describe, expect, it } from 'vitest';
import { ReloadBudget } from '../../../src/kit/kiosk/reload-budget.js';

/**
 * Session storage is shared with the sketch and anything else on the page: what is found
 * under the budget's key counts as a reload only if it has both a time and a reason. A
 * half-record (a sketch's own data under a clashing key, an older format) counts for nothing,
 * while the valid records beside it still count.
 */
function storageWith(value: string): Storage {
  const items = new Map([['k', value]]);
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, v: string) => void items.set(key, v) } as Storage;
}

describe('ReloadBudget reading what it finds under its key', () => {
  it.each([
    ['a time without a reason', '[{"at":1}]'],
    ['a reason without a time', '[{"reason":"stalled"}]'],
    ['a reason with a time that is not a number', '[{"at":"1","reason":"stalled"}]'],
  ])('counts %s as no reload', (_, stored) => {
    const budget = new ReloadBudget(storageWith(stored), 'k', 1, 60_000);
    expect(budget.recent(10)).toEqual([]);
    // The one reload allowed is still there.
    expect(budget.take('stalled', 10)).toBe(true);
  });

  it('keeps the valid records found beside the broken ones', () => {
    const budget = new ReloadBudget(storageWith('[{"at":1,"reason":"errors"},{"at":2},null,{"reason":"x"}]'), 'k', 2, 60_000);
    expect(budget.recent(10)).toEqual([{ at: 1, reason: 'errors' }]);
    expect(budget.take('stalled', 10)).toBe(true);
    expect(budget.take('stalled', 11)).toBe(false);
  });
});
