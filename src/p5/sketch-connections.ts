import { connectInPage } from '../kit/connect-in-page.js';
import { kioskIsOn } from '../kit/kiosk/kiosk-switch.js';
import type { KioskOptions } from '../kit/kiosk/options.js';
import { pieceConfig } from '../kit/piece-config.js';
import type { MqttClient } from '../mqtt/client.js';
import type { MqttMessage } from '../mqtt/payload.js';
import type { ClientOptions } from '../mqtt/types.js';
import { StatusHud } from './hud.js';
import type { KioskConnection } from './kiosk-sketch.js';

/** Options of `connectMqtt`, beyond the client's own. */
export interface SketchMqttOptions extends Omit<ClientOptions, 'deliver'> {
  /**
   * The status HUD: `true` (default) shown, `'hidden'` there but hidden until its key is
   * pressed, `false` none at all — and then its key is left to the sketch.
   */
  hud?: boolean | 'hidden';
  /** The key that shows or hides the HUD (default 'Escape'); the sketch never receives it while a HUD exists. */
  hudKey?: string;
  /**
   * Run the page as an installation: canvas filling the window, no cursor, the HUD only on
   * trouble, the screen kept awake, reconnecting forever (but for a refused password), and a
   * watchdog reloading the page when the sketch keeps throwing or stops drawing. `?kiosk` in
   * the page address and the piece's kit.config.json turn it on too; an object tunes it.
   */
  kiosk?: boolean | KioskOptions;
  /**
   * Let `?broker=URL` in the page's address choose the broker instead of the code's URL.
   * Default: on for pages the kit serves or builds (the gallery's broker selector writes it),
   * off elsewhere (the npm package in your own project, the script tag in the web editor).
   */
  brokerFromPage?: boolean;
}

/** Callbacks a sketch may define, found by name like Processing's library does. */
export interface SketchCallbacks {
  /**
   * Every message that no per-topic handler took, as text first (what Processing hands
   * over, so `message === 'world'`, `int(message)` and `splitTokens(message, ',')` just work),
   * then the full view (`number`, `json`, `bytes`, `qos`, `retained`).
   */
  messageReceived?: (topic: string, message: string, details: MqttMessage) => void;
  clientConnected?: () => void;
  connectionLost?: () => void;
}

interface Connection extends KioskConnection {
  /** The arguments it was made with, so calling connectMqtt() again with them finds it. */
  key: string | undefined;
  /** Connection events waiting for the next frame, so callbacks run inside the draw loop. */
  events: ('connected' | 'lost')[];
}

const connections = new WeakMap<object, Connection[]>();
const warned = new WeakSet<object>();

/** What the addon needs of a p5 class, 1.x or 2.x: the global-mode sketch, while one runs. */
export interface P5Class {
  instance?: object | null;
}

/**
 * The sketch a p5 hook or method was called for: the one key its connections are kept
 * under. p5 1.x calls `registerMethod` hooks such as 'pre' with `this` = window in global
 * mode (and the instance in instance mode), while p5 2.x's lifecycles and the methods it
 * binds to window get the instance; window stands for the page's one global-mode sketch.
 */
export function sketchOf(self: unknown, p5class: P5Class): object {
  if (self === globalThis || self === undefined || self === null) return p5class.instance ?? globalThis;
  return self as object;
}

/**
 * The addon's work, independent of how a p5 version calls it: `connect` for
 * `connectMqtt()`, `beforeDraw` at the start of every frame, `close` when the sketch is
 * removed. `sketch` is the p5 instance; `callbacks` where its named functions live (window
 * in global mode).
 */
export function connectSketch(
  sketch: object,
  callbacks: () => SketchCallbacks,
  url?: string,
  clientId?: string,
  options: SketchMqttOptions = {},
): MqttClient {
  const list = connections.get(sketch) ?? [];
  const key = connectionKey(url, clientId, options);
  const existing = key === undefined ? undefined : list.find((connection) => connection.key === key);
  if (existing) {
    if (!warned.has(sketch)) {
      warned.add(sketch);
      console.warn('[mqtt] connectMqtt() was called again with the same arguments, so it returns the connection it already made. Call it once, in setup(), and keep the client in a variable.');
    }
    return existing.client;
  }
  const { hud = true, hudKey, kiosk, ...clientOptions } = options;
  const piece = pieceConfig();
  const asKiosk = kioskIsOn(kiosk, globalThis.location?.search ?? '', piece.kiosk);
  if (asKiosk) clientOptions.reconnect = { ...(clientOptions.reconnect || {}), forever: true };
  const client = connectInPage(url, clientId, { ...clientOptions, deliver: 'drain' });
  const connection: Connection = { client, key, events: [] };
  client.on('connected', () => connection.events.push('connected'));
  client.on('lost', () => connection.events.push('lost'));
  // Only drain() delivers, and beforeDraw() calls it: these arrive inside the draw loop.
  client.on('unclaimed', (message) => {
    const { messageReceived } = callbacks();
    if (messageReceived) safely(() => messageReceived.call(sketch, message.topic, message.text, message), 'messageReceived()');
  });
  if (hud !== false) connection.hud = new StatusHud(client, { visible: hud === true && !asKiosk, ...(hudKey ? { key: hudKey } : {}) });
  // Loaded only where a page runs as a kiosk, so every other page stays as light as before.
  if (asKiosk) void import('./kiosk-sketch.js').then((loaded) => loaded.startSketchKiosk(sketch, connection, kiosk, piece.kiosk, clientId));
  list.push(connection);
  connections.set(sketch, list);
  if (list.length === 1) deliverWhileNotDrawing(sketch, callbacks);
  return client;
}

/**
 * p5 runs no frame hooks for a sketch without draw() (the web editor's examples often have
 * none) or after noLoop(): messages would wait forever. For such a sketch they are handed
 * over on the browser's own animation frames instead, until it draws again.
 */
function deliverWhileNotDrawing(sketch: object, callbacks: () => SketchCallbacks): void {
  if (typeof requestAnimationFrame !== 'function') return;
  const tick = () => {
    if (!connections.has(sketch)) return;
    const { draw } = callbacks() as { draw?: unknown };
    const looping = (sketch as { isLooping?: () => boolean }).isLooping?.() ?? true;
    if (typeof draw !== 'function' || !looping) beforeDraw(sketch, callbacks());
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Connection callbacks, then the messages waiting, before the sketch draws its frame. */
export function beforeDraw(sketch: object, callbacks: SketchCallbacks): void {
  for (const connection of connections.get(sketch) ?? []) {
    const { client, events } = connection;
    connection.kiosk?.frame();
    for (const event of events.splice(0)) {
      const callback = event === 'connected' ? callbacks.clientConnected : callbacks.connectionLost;
      safely(() => callback?.call(sketch), `${event === 'connected' ? 'clientConnected' : 'connectionLost'}()`);
    }
    // Drained before the HUD is asked: `hud?.update(client.drain())` would skip the drain
    // itself for a sketch without a HUD, and its messages would never arrive.
    const drained = client.drain();
    connection.hud?.update(drained);
  }
}

/** The sketch is gone: its connections say goodbye and their HUDs leave the page. */
export async function closeSketch(sketch: object): Promise<void> {
  const list = connections.get(sketch) ?? [];
  connections.delete(sketch);
  await Promise.all(list.map((connection) => (connection.closed = true, connection.kiosk?.close(), connection.hud?.remove(), connection.client.disconnect())));
}

/** Undefined when the options hold something that can't be compared by value (a transport object). */
function connectionKey(url: string | undefined, clientId: string | undefined, options: SketchMqttOptions): string | undefined {
  try {
    return JSON.stringify([url ?? null, clientId ?? null, options], (_key, value: unknown) => {
      const plain = value === null || typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype;
      if (!plain) throw new TypeError('not comparable');
      return value;
    });
  } catch {
    return undefined;
  }
}

const reported = new Set<string>();
function safely(run: () => void, where: string): void {
  try {
    run();
  } catch (error) {
    // One bad message must not stop the sketch; say it once per place and kind of error.
    const key = `${where}:${(error as Error)?.message}`;
    if (reported.has(key)) return;
    reported.add(key);
    console.error(`Error in your ${where}:`, error);
  }
}
