/**
 * How a kiosk page watches over itself. Every field is optional; tests pass short times.
 *
 * @example
 * connectMqtt('mqtt://localhost', 'piece', { kiosk: { stallMs: 20_000 } });
 */
export interface KioskOptions {
  /** Reload after this many uncaught errors within `errorWindowMs` (default 5 in 10 s). */
  maxErrors?: number;
  errorWindowMs?: number;
  /** Reload when no frame has been drawn for this long while the page is visible (default 10 s). */
  stallMs?: number;
  /** Reload at most this many times within `reloadWindowMs` (default 3 a minute); past it, stop and say why. */
  maxReloads?: number;
  reloadWindowMs?: number;
  /** Show the HUD once the broker has been out of reach this long (default 30 s); an error shows it at once. */
  showOfflineAfterMs?: number;
}

export type KioskSettings = Required<KioskOptions>;

export const KIOSK_DEFAULTS: Readonly<KioskSettings> = {
  maxErrors: 5,
  errorWindowMs: 10_000,
  stallMs: 10_000,
  maxReloads: 3,
  reloadWindowMs: 60_000,
  showOfflineAfterMs: 30_000,
};

/** The fields that count things (the rest are times in ms); 0 reloads means "watch, report, never reload". */
const COUNTS = new Set<keyof KioskOptions>(['maxErrors', 'maxReloads']);

/**
 * How a kiosk page watches over itself: the defaults, then the sketch's values, then the
 * piece config's (decided where the piece is shown, so they win).
 *
 * @example
 * kioskSettings({ stallMs: 5000 }, { stallMs: 20_000 }) // { ...KIOSK_DEFAULTS, stallMs: 20_000 }
 */
export function kioskSettings(fromCode: boolean | KioskOptions | undefined, fromPiece: boolean | KioskOptions | undefined): KioskSettings {
  return { ...KIOSK_DEFAULTS, ...validFields(fromCode), ...validFields(fromPiece) };
}

/**
 * What is wrong with a `kiosk` value from a file, in words naming the field, or undefined.
 *
 * @example
 * kioskOptionsProblem({ stallMs: -1 }) // "'stallMs' must be a number of milliseconds above 0, got -1"
 */
export function kioskOptionsProblem(value: unknown): string | undefined {
  if (typeof value === 'boolean') return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `must be true, false or an object such as { "stallMs": 10000 }, got ${JSON.stringify(value)}`;
  for (const [key, field] of Object.entries(value)) {
    if (!Object.hasOwn(KIOSK_DEFAULTS, key)) return `has an unknown field '${key}' (known: ${Object.keys(KIOSK_DEFAULTS).join(', ')})`;
    if (!fieldIsValid(key as keyof KioskOptions, field)) return `'${key}' must be ${COUNTS.has(key as keyof KioskOptions) ? 'a whole number, 0 or more' : 'a number of milliseconds above 0'}, got ${JSON.stringify(field)}`;
  }
  return undefined;
}

function validFields(value: boolean | KioskOptions | undefined): KioskOptions {
  if (typeof value !== 'object' || value === null) return {};
  // A bad field (a typo in a file, a string for a number) falls back to its default rather
  // than turning the watchdog into a reload loop.
  return Object.fromEntries(Object.entries(value).filter(([key, field]) => Object.hasOwn(KIOSK_DEFAULTS, key) && fieldIsValid(key as keyof KioskOptions, field)));
}

function fieldIsValid(key: keyof KioskOptions, value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return COUNTS.has(key) ? Number.isInteger(value) && value >= 0 : value > 0;
}
