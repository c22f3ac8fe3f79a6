import { describe, expect, it } from 'vitest';
import { KIOSK_DEFAULTS, kioskOptionsProblem, kioskSettings } from '../../../src/kit/kiosk/options.js';

describe('kioskSettings', () => {
  it('is off unless the code, the piece config or ?kiosk asks', () => {
    expect(kioskSettings(undefined, '', undefined)).toBeUndefined();
    expect(kioskSettings(false, '?other', undefined)).toBeUndefined();
    expect(kioskSettings(true, '', undefined)).toEqual(KIOSK_DEFAULTS);
    expect(kioskSettings(undefined, '?kiosk', undefined)).toEqual(KIOSK_DEFAULTS);
    expect(kioskSettings(undefined, '?kiosk=1', undefined)).toEqual(KIOSK_DEFAULTS);
    expect(kioskSettings(undefined, '', { stallMs: 5000 })).toEqual({ ...KIOSK_DEFAULTS, stallMs: 5000 });
  });

  it('?kiosk=off turns it off whatever the code and the config say; a config saying false beats the code', () => {
    for (const off of ['off', '0', 'false', 'NO']) expect(kioskSettings(true, `?kiosk=${off}`, true)).toBeUndefined();
    expect(kioskSettings(true, '', false)).toBeUndefined();
    expect(kioskSettings(true, '?kiosk', false)).toEqual(KIOSK_DEFAULTS);
  });

  it("takes the config's values over the code's, and drops fields it cannot use", () => {
    const settings = kioskSettings({ stallMs: 1000, maxErrors: 2 }, '', { stallMs: 3000, maxReloads: '9' as unknown as number, reloadWindowMs: -5 });
    expect(settings).toEqual({ ...KIOSK_DEFAULTS, stallMs: 3000, maxErrors: 2 });
    expect(kioskSettings({ maxReloads: 0 }, '', undefined)?.maxReloads).toBe(0);
  });
});

describe('kioskOptionsProblem', () => {
  it('accepts what a kit.config.json may hold', () => {
    expect(kioskOptionsProblem(true)).toBeUndefined();
    expect(kioskOptionsProblem({ stallMs: 20_000, maxReloads: 0 })).toBeUndefined();
  });

  it('names the field and what it must be', () => {
    expect(kioskOptionsProblem({ stallMs: -1 })).toBe("'stallMs' must be a number of milliseconds above 0, got -1");
    expect(kioskOptionsProblem({ maxErrors: 2.5 })).toBe("'maxErrors' must be a whole number, 0 or more, got 2.5");
    expect(kioskOptionsProblem({ stallSeconds: 10 })).toMatch(/^has an unknown field 'stallSeconds' \(known: maxErrors, /);
    expect(kioskOptionsProblem('yes')).toMatch(/^must be true, false or an object/);
  });
});
