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
 * Whether this page runs as a kiosk, and how. The person at the page decides first: `?kiosk`
 * turns it on, `?kiosk=off` off (the cursor and the page bar back, while fixing things). Then
 * the piece's kit.config.json, decided where the piece is shown (`false` there turns off a
 * kiosk the code asked for; its values beat the code's), then the sketch's `kiosk` option.
 *
 * @example
 * kioskSettings(undefined, '?kiosk', undefined) // KIOSK_DEFAULTS
 * kioskSettings(true, '?kiosk=off', undefined)  // undefined
 */
export function kioskSettings(
  fromCode: boolean | KioskOptions | undefined,
  search: string,
  fromPiece: boolean | KioskOptions | undefined,
): KioskSettings | undefined {
  const asked = new URLSearchParams(search).get('kiosk');
  if (asked !== null && /^(0|off|false|no)$/i.test(asked.trim())) return undefined;
  if (asked === null && (fromPiece === false || (!fromCode && !fromPiece))) return undefined;
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
