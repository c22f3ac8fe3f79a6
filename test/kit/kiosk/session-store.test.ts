import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '../../../src/kit/kiosk/reload-budget.js';

/**
 * Where the ReloadBudget keeps its count. A sandboxed frame (an installation shown inside
 * another page) throws on merely reading `sessionStorage`: the kiosk must carry on without
 * reloads instead of failing to start.
 */
const original = Object.getOwnPropertyDescriptor(globalThis, 'sessionStorage');
afterEach(() => {
  if (original) Object.defineProperty(globalThis, 'sessionStorage', original);
  else delete (globalThis as { sessionStorage?: Storage }).sessionStorage;
});

describe('sessionStore', () => {
  it("is the page's sessionStorage where there is one", () => {
    const storage = { getItem: () => null, setItem: () => {} } as unknown as Storage;
    Object.defineProperty(globalThis, 'sessionStorage', { value: storage, configurable: true });
    expect(sessionStore()).toBe(storage);
  });

  it('is undefined where reading sessionStorage throws (a sandboxed frame)', () => {
    Object.defineProperty(globalThis, 'sessionStorage', {
      get() {
        throw new DOMException('The document is sandboxed and lacks the allow-same-origin flag.', 'SecurityError');
      },
      configurable: true,
    });
    expect(sessionStore()).toBeUndefined();
  });
});
