import { describe, expect, it } from 'vitest';
import { KIOSK_DEFAULTS, kioskOptionsProblem, kioskSettings } from '../../../src/kit/kiosk/options.js';
import { kioskIsOn } from '../../../src/kit/kiosk/kiosk-switch.js';

describe('kioskIsOn', () => {
  it('is off unless the code, the piece config or ?kiosk asks', () => {
    expect(kioskIsOn(undefined, '', undefined)).toBe(false);
    expect(kioskIsOn(false, '?other', undefined)).toBe(false);
    expect(kioskIsOn(true, '', undefined)).toBe(true);
    expect(kioskIsOn({ stallMs: 1000 }, '', undefined)).toBe(true);
    expect(kioskIsOn(undefined, '?kiosk', undefined)).toBe(true);
    expect(kioskIsOn(undefined, '?kiosk=1', undefined)).toBe(true);
    expect(kioskIsOn(undefined, '', { stallMs: 5000 })).toBe(true);
  });

  it('?kiosk=off turns it off whatever the code and the config say; a config saying false beats the code', () => {
    for (const off of ['off', '0', 'false', 'OFF']) expect(kioskIsOn(true, `?kiosk=${off}`, true)).toBe(false);
    expect(kioskIsOn(true, '', false)).toBe(false);
    expect(kioskIsOn(true, '?kiosk', false)).toBe(true);
  });
});

describe('kioskSettings', () => {
  it('are the defaults when nobody tunes them', () => {
    expect(kioskSettings(true, undefined)).toEqual(KIOSK_DEFAULTS);
    expect(kioskSettings(undefined, true)).toEqual(KIOSK_DEFAULTS);
  });

  it("take the config's values over the code's, and drop fields they cannot use", () => {
    const settings = kioskSettings({ stallMs: 1000, maxErrors: 2 }, { stallMs: 3000, maxReloads: '9' as unknown as number, reloadWindowMs: -5 });
    expect(settings).toEqual({ ...KIOSK_DEFAULTS, stallMs: 3000, maxErrors: 2 });
    expect(kioskSettings({ maxReloads: 0 }, undefined).maxReloads).toBe(0);
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
