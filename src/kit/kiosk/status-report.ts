import type { ReloadRecord } from './reload-budget.js';

/** Where a kiosk page says how it is: `kit/status/<clientId>`. */
export const STATUS_TOPIC_PREFIX = 'kit/status/';

/**
 * The status topic of a client. Characters with a meaning in topics (`/`, `+`, `#`) become
 * `_`, so `kit/status/+` reaches every kiosk and only them.
 *
 * @example
 * statusTopic('gallery-left') // 'kit/status/gallery-left'
 */
export function statusTopic(clientId: string): string {
  return `${STATUS_TOPIC_PREFIX}${clientId.replace(/[/+#\u0000]/g, '_')}`;
}

/** `running`: up (first connection of this page load); `reloading`: about to reload; `stopped`: would reload, may not. */
export type KioskState = 'running' | 'reloading' | 'stopped';

/** The JSON published on the status topic. */
export interface KioskStatus {
  state: KioskState;
  /** The page's path, e.g. '/sketches/hello/'. */
  page: string;
  /** ISO time of this report. */
  at: string;
  /** Why it reloads or stopped. */
  reason?: string;
  /** Reloads made by the watchdog within its window, this one included. */
  reloads: number;
  /** The newest of them, so a page that came back after a reload says why it went. */
  lastReload?: { reason: string; at: string };
}

/** @example kioskStatus('running', '/sketches/hello/', budget.recent(), Date.now()) */
export function kioskStatus(state: KioskState, page: string, recent: readonly ReloadRecord[], now: number, reason?: string): KioskStatus {
  const last = recent.at(-1);
  return {
    state,
    page,
    at: new Date(now).toISOString(),
    ...(reason ? { reason } : {}),
    reloads: recent.length,
    ...(last ? { lastReload: { reason: last.reason, at: new Date(last.at).toISOString() } } : {}),
  };
}
