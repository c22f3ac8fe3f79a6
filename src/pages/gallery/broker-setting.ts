// Which broker the gallery sends sketches to, remembered in this browser. No DOM here besides
// the Storage it is handed, so the rules stay readable in one place.
import { parseBrokerUrl, type PageBroker } from '../../mqtt/url.js';
import { pageBroker } from '../../kit/page-broker.js';

/** shiftr.io's public instance; anyone may use it with user and password `public`. */
export const SHIFTR_PUBLIC = 'wss://public:public@public.cloud.shiftr.io';

export type BrokerKind = 'local' | 'shiftr' | 'custom';

export interface BrokerSetting {
  kind: BrokerKind;
  /** The last custom URL that passed the check, kept while another kind is chosen. */
  custom?: string;
}

const KEY = 'p5-mqtt-kit:broker';

/**
 * The URL a sketch link carries as `?broker=`, or undefined for the kit's own broker, which
 * the sketch page finds by itself (src/kit/broker-choice.ts).
 */
export function brokerUrlOf(setting: BrokerSetting): string | undefined {
  if (setting.kind === 'shiftr') return SHIFTR_PUBLIC;
  if (setting.kind === 'custom') return setting.custom;
  return undefined;
}

/**
 * Why a typed URL cannot be used, in the words of the URL parser, or undefined if it can.
 * Checked as a sketch page served beside the same broker reads it: a class card's
 * `mqtt://aluno05:…@teacher-laptop.local` names the kit's broker that served this page, whose
 * WebSocket port the page knows, so it is as good here as in `?broker=` on a sketch.
 */
export function brokerUrlProblem(url: string, broker: PageBroker | undefined = pageBroker()): string | undefined {
  try {
    parseBrokerUrl(url, { runtime: 'browser', ...(broker ? { pageBroker: broker } : {}) });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What was saved, or the kit's broker when nothing (or nothing usable) was. */
export function loadSetting(storage: Storage | undefined): BrokerSetting {
  let saved: unknown;
  try {
    saved = JSON.parse(storage?.getItem(KEY) ?? 'null');
  } catch {
    // Storage may be blocked (privacy settings) or hold something we did not write.
    saved = null;
  }
  if (typeof saved !== 'object' || saved === null) return { kind: 'local' };
  const { kind, custom } = saved as { kind?: unknown; custom?: unknown };
  // Re-checked on the way in: an edited or outdated entry must never reach a link.
  const usable = typeof custom === 'string' && brokerUrlProblem(custom) === undefined ? custom : undefined;
  const setting: BrokerSetting = { kind: 'local', ...(usable ? { custom: usable } : {}) };
  if (kind === 'shiftr' || (kind === 'custom' && usable)) setting.kind = kind;
  return setting;
}

export function saveSetting(storage: Storage | undefined, setting: BrokerSetting): void {
  try {
    storage?.setItem(KEY, JSON.stringify(setting));
  } catch {
    // Not remembered (storage blocked or full); the choice still applies to this visit.
  }
}

/** localStorage, or undefined where touching it throws (some privacy modes, sandboxed frames). */
export function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
