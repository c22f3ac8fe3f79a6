import { describe, expect, it } from 'vitest';
import { ReloadBudget } from '../../../src/kit/kiosk/reload-budget.js';

/**
 * A kiosk's clock can jump back (NTP fixing a machine that booted with a wrong date). A reload
 * stamped in what is now the future must not count, or a piece that needs a reload is
 * refused one for as long as the jump was.
 */
describe('ReloadBudget when the clock jumps back', () => {
  it('does not count reloads stamped after now', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, v: string) => void items.set(key, v) } as Storage;
    const budget = new ReloadBudget(storage, 'k', 1, 60_000);
    expect(budget.take('stalled', 3_600_000)).toBe(true);
    // An hour back: the reload "at 1 h" has not happened yet as far as the clock can tell.
    expect(budget.recent(30_000)).toEqual([]);
    expect(budget.take('stalled', 30_000)).toBe(true);
  });
});
