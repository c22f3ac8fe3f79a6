import { describe, expect, it, vi } from 'vitest';
import { keepScreenAwake } from '../../../src/kit/kiosk/wake-lock.js';

/** A document whose visibility the test sets, and a wake lock that records what it was asked. */
function stage(refuse = false) {
  const listeners = new Set<() => void>();
  const doc = {
    visibilityState: 'visible' as DocumentVisibilityState,
    addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
  };
  const sentinels: { released: boolean; release(): Promise<void> }[] = [];
  const wakeLock = {
    request: vi.fn(async () => {
      if (refuse) throw new Error('NotAllowedError');
      const sentinel = { released: false, release: async () => void (sentinel.released = true) };
      sentinels.push(sentinel);
      return sentinel;
    }),
  };
  const setVisible = async (visible: boolean) => {
    doc.visibilityState = visible ? 'visible' : 'hidden';
    // What the browser does on hiding a page: it releases the lock itself.
    if (!visible) for (const sentinel of sentinels) sentinel.released = true;
    for (const listener of listeners) listener();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { doc: doc as unknown as Document, wakeLock, sentinels, listeners, setVisible };
}

describe('keepScreenAwake', () => {
  it('holds a screen wake lock, and asks again each time the page becomes visible', async () => {
    const { doc, wakeLock, sentinels, setVisible } = stage();
    const release = keepScreenAwake(wakeLock, doc);
    await setVisible(true);
    expect(wakeLock.request).toHaveBeenCalledTimes(1);
    expect(wakeLock.request).toHaveBeenCalledWith('screen');
    await setVisible(false);
    expect(wakeLock.request).toHaveBeenCalledTimes(1);
    await setVisible(true);
    expect(wakeLock.request).toHaveBeenCalledTimes(2);
    expect(sentinels.map((s) => s.released)).toEqual([true, false]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sentinels[1]!.released).toBe(true);
  });

  it('stops listening when released', async () => {
    const { doc, wakeLock, listeners } = stage();
    keepScreenAwake(wakeLock, doc)();
    expect(listeners.size).toBe(0);
  });

  it('does nothing, and throws nothing, where the browser has no wake lock', () => {
    const { doc } = stage();
    expect(() => keepScreenAwake(undefined, doc)()).not.toThrow();
    expect(() => keepScreenAwake({} as never, doc)()).not.toThrow();
  });

  it('says once, as information, when the browser refuses', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    try {
      const { doc, wakeLock, setVisible } = stage(true);
      keepScreenAwake(wakeLock, doc);
      await setVisible(false);
      await setVisible(true);
      expect(wakeLock.request).toHaveBeenCalledTimes(2);
      expect(info).toHaveBeenCalledTimes(1);
      expect(info.mock.calls[0]![0]).toMatch(/would not keep the screen awake \(NotAllowedError\)/);
    } finally {
      info.mockRestore();
    }
  });
});
