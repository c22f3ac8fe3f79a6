import type { MqttClient } from '../../mqtt/client.js';
import { applyKioskStyle } from './kiosk-style.js';
import type { KioskSettings } from './options.js';
import { ReloadBudget, sessionStore } from './reload-budget.js';
import { pageBroker } from '../page-broker.js';
import { followMovedBroker } from './moved-broker.js';
import { kioskStatus, statusTopic, type KioskState } from './status-report.js';
import { keepScreenAwake } from './wake-lock.js';
import { seconds, Watchdog } from './watchdog.js';

/** How long a report may hold up a reload: a broker that does not answer must not keep a stalled piece up. */
const REPORT_WAIT_MS = 2000;

/** What the page kiosk needs from the side that draws (the p5 addon). */
export interface KioskHooks {
  /** Shows a problem where the HUDs are. */
  showProblem(text: string): void;
}

let current: PageKiosk | undefined;

/**
 * The page's kiosk: started by the first connection that asks for one, joined by the
 * others (errors, reloads and the screen belong to the page, not to one connection).
 */
export function startPageKiosk(settings: KioskSettings, hooks: KioskHooks): PageKiosk {
  current ??= new PageKiosk(settings, hooks);
  return current;
}

/**
 * Hidden cursor, no page bar, the screen kept awake, and a watchdog that reloads the page
 * when the sketch keeps throwing or stops drawing — each reload said on the broker first
 * (`kit/status/<clientId>`), and no more than `maxReloads` in `reloadWindowMs`, past which
 * it stops and says why on the page.
 */
export class PageKiosk {
  readonly #watchdog: Watchdog;
  readonly #budget: ReloadBudget;
  readonly #reporters = new Set<{ client: MqttClient; retain: boolean }>();
  #tripped = false;

  constructor(private readonly settings: KioskSettings, private readonly hooks: KioskHooks) {
    this.#watchdog = new Watchdog(settings, performance.now());
    this.#budget = new ReloadBudget(sessionStore(), `p5-mqtt-kit:kiosk-reloads:${location.pathname}`, settings.maxReloads, settings.reloadWindowMs);
    applyKioskStyle();
    keepScreenAwake();
    // Not in the capture phase: that would also count images and scripts that fail to load.
    window.addEventListener('error', (event) => this.#error(describe(event.error ?? event.message)));
    window.addEventListener('unhandledrejection', (event) => this.#error(describe(event.reason)));
    const every = Math.min(1000, settings.stallMs / 4);
    const timer = setInterval(() => {
      if (this.#tripped) return clearInterval(timer);
      const reason = this.#watchdog.check(performance.now(), document.visibilityState === 'visible');
      if (reason) void this.#trip(reason);
    }, every);
  }

  /** A frame was drawn (or messages handed to a sketch that does not draw). */
  frame(): void {
    this.#watchdog.frame(performance.now());
  }

  /**
   * Reports through `client` from now on: `running` once it first connects, and the reload
   * or the stop when they come. `retain` keeps its latest word on the broker for whoever
   * looks later — only for a client id the sketch chose, which stays the same across
   * reloads; a random one would leave a retained message behind at every page load.
   * Returns the function that stops it.
   */
  attach(client: MqttClient, retain: boolean): () => void {
    const reporter = { client, retain };
    this.#reporters.add(reporter);
    // The kiosk is loaded on demand: the client may have connected already.
    if (client.connected) void this.#report(reporter, 'running');
    const off = client.connected
      ? () => {}
      : client.on('connected', () => {
        off();
        void this.#report(reporter, 'running');
      });
    const unfollow = followMovedBroker(client, pageBroker(), (port) => {
      console.warn(`[kiosk] The broker this page came with is now on port ${port} (its server restarted): reloading to reach it.`);
      location.reload();
    });
    return () => {
      off();
      unfollow();
      this.#reporters.delete(reporter);
    };
  }

  #error(description: string): void {
    if (this.#tripped) return;
    const reason = this.#watchdog.error(description, performance.now());
    if (reason) void this.#trip(reason);
  }

  async #trip(reason: string): Promise<void> {
    if (this.#tripped) return;
    this.#tripped = true;
    const before = this.#budget.recent();
    if (this.settings.maxReloads > 0 && this.#budget.take(reason)) {
      console.error(`[kiosk] Reloading the page: ${reason}.`);
      await Promise.all([...this.#reporters].map((reporter) => this.#report(reporter, 'reloading', reason)));
      location.reload();
      return;
    }
    const text = this.#whyNotReloading(reason, before.length);
    console.error(`[kiosk] ${text}`);
    this.hooks.showProblem(text);
    await Promise.all([...this.#reporters].map((reporter) => this.#report(reporter, 'stopped', reason)));
  }

  #whyNotReloading(reason: string, reloads: number): string {
    const { maxReloads, reloadWindowMs } = this.settings;
    const base = `The watchdog would reload this page (${reason})`;
    if (maxReloads === 0) return `${base}, but maxReloads is 0.`;
    if (reloads < maxReloads) return `${base}, but this browser keeps no session storage to count reloads in, so it does not: a reload loop would be worse.`;
    return `${base}, but it has already reloaded it ${reloads} time${reloads === 1 ? '' : 's'} within ${seconds(reloadWindowMs)}, so it stops here. Fix what the console shows, then reload by hand.`;
  }

  /** Publishes the state (QoS 1), waiting for the broker's answer at most REPORT_WAIT_MS; never throws. */
  async #report({ client, retain }: { client: MqttClient; retain: boolean }, state: KioskState, reason?: string): Promise<void> {
    if (!client.connected) return;
    const status = kioskStatus(state, location.pathname, this.#budget.recent(), Date.now(), reason);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      client.publish(statusTopic(client.clientId), JSON.stringify(status), { qos: 1, retain }),
      new Promise((resolve) => (timer = setTimeout(resolve, REPORT_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }
}

/** An error as one line: `TypeError: x is undefined`. */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
