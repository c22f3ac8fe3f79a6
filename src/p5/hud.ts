import type { MqttClient } from '../mqtt/client.js';
import type { ClientStatus } from '../mqtt/types.js';
import { describeStatus } from '../texts/status-words.js';
import { pageLanguage, type Language } from '../texts/language.js';
import { sketchTexts } from '../texts/sketch-texts.js';

/** Key that shows/hides the HUD; taken before the sketch sees it, so it never publishes. */
export const DEFAULT_HUD_KEY = 'Escape';

const COLORS: Record<ClientStatus, string> = {
  connecting: '#f4c542',
  connected: '#4ade80',
  reconnecting: '#f4a742',
  offline: '#9ca3af',
  error: '#f87171',
};

/**
 * A small status overlay (DOM, not canvas pixels, so it never ends up in a sketch's
 * saved frames): broker, state, messages per second, and any error in words.
 */
export class StatusHud {
  readonly element: HTMLDivElement;
  #line: HTMLDivElement;
  #detail: HTMLDivElement;
  #rate = 0;
  #windowStart = performance.now();
  #windowCount = 0;
  #removeKey: () => void;
  /** The browser's language (Portuguese or English): the client's status is worded in it here. */
  #language: Language;

  constructor(private readonly client: MqttClient, options: { visible?: boolean; key?: string; language?: Language } = {}) {
    this.#language = options.language ?? pageLanguage();
    this.element = document.createElement('div');
    // A sketch with two connections has two HUDs: each its own id, stacked, never on top of each other.
    this.element.id = uniqueId();
    this.element.className = 'mqtt-hud';
    this.element.setAttribute('role', 'status');
    this.element.setAttribute('aria-live', 'polite');
    Object.assign(this.element.style, {
      maxWidth: 'min(28rem, 90vw)', padding: '6px 10px', borderRadius: '6px', background: 'rgba(15, 16, 24, 0.82)',
      color: '#e8e8f0', font: '12px/1.4 system-ui, sans-serif', whiteSpace: 'normal',
    } satisfies Partial<CSSStyleDeclaration>);
    this.#line = document.createElement('div');
    this.#detail = document.createElement('div');
    this.#detail.style.color = '#fca5a5';
    this.element.append(this.#line, this.#detail);
    if (options.visible === false) this.element.hidden = true;
    hudStack().append(this.element);

    const key = options.key ?? DEFAULT_HUD_KEY;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== key) return;
      // Capture phase on window runs before p5's own listeners: the sketch never sees it.
      event.stopImmediatePropagation();
      event.preventDefault();
      if (event.type === 'keydown' && !event.repeat) this.element.hidden = !this.element.hidden;
    };
    for (const type of ['keydown', 'keyup', 'keypress'] as const) window.addEventListener(type, onKey, { capture: true });
    this.#removeKey = () => {
      for (const type of ['keydown', 'keyup', 'keypress'] as const) window.removeEventListener(type, onKey, { capture: true });
    };
    this.update(0);
  }

  /** Called once per frame with the number of messages just delivered. */
  update(delivered: number): void {
    const now = performance.now();
    this.#windowCount += delivered;
    if (now - this.#windowStart >= 1000) {
      this.#rate = Math.round((this.#windowCount * 1000) / (now - this.#windowStart));
      this.#windowStart = now;
      this.#windowCount = 0;
    }
    const { status } = this.client;
    const host = this.client.target.replace(/^\w+:\/\//, '');
    const texts = sketchTexts(this.#language);
    const line = `● ${texts.status[status]} · ${host} · ${this.#rate} ${texts.perSecond}`;
    if (this.#line.textContent !== line) {
      this.#line.textContent = line;
      this.#line.style.color = COLORS[status];
      this.element.dataset.status = status;
    }
    // The same reason the console gave in English, in the page's language.
    const detail = status === 'connected' ? '' : describeStatus(this.client.statusReason, this.#language);
    if (this.#detail.textContent !== detail) this.#detail.textContent = detail;
  }

  remove(): void {
    this.#removeKey();
    const stack = this.element.parentElement;
    this.element.remove();
    if (stack && stack.childElementCount === 0) stack.remove();
  }
}

const STACK_ID = 'mqtt-huds';

/** A problem with the page itself (no sketch at all), where the HUDs would be. */
export function showPageProblem(text: string): void {
  const box = document.createElement('div');
  box.className = 'mqtt-page-problem';
  box.setAttribute('role', 'alert');
  box.textContent = text;
  Object.assign(box.style, {
    maxWidth: 'min(36rem, 90vw)', padding: '8px 12px', borderRadius: '6px', background: 'rgba(60, 16, 20, 0.92)',
    color: '#fecaca', font: '13px/1.45 system-ui, sans-serif',
  } satisfies Partial<CSSStyleDeclaration>);
  hudStack().append(box);
}

function uniqueId(): string {
  if (!document.getElementById('mqtt-hud')) return 'mqtt-hud';
  let n = 2;
  while (document.getElementById(`mqtt-hud-${n}`)) n++;
  return `mqtt-hud-${n}`;
}

/** The corner the HUDs share, made on first use. */
function hudStack(): HTMLElement {
  let stack = document.getElementById(STACK_ID);
  if (!stack) {
    stack = document.createElement('div');
    stack.id = STACK_ID;
    Object.assign(stack.style, {
      position: 'fixed', right: '10px', bottom: '10px', zIndex: '1000', display: 'flex', flexDirection: 'column',
      alignItems: 'flex-end', gap: '6px', pointerEvents: 'none',
    } satisfies Partial<CSSStyleDeclaration>);
    document.body.append(stack);
  }
  return stack;
}
