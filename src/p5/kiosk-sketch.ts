import { PINNED_CLASS } from '../kit/kiosk/kiosk-style.js';
import { kioskSettings, type KioskOptions } from '../kit/kiosk/options.js';
import { startPageKiosk } from '../kit/kiosk/page-kiosk.js';
import type { MqttClient } from '../mqtt/client.js';
import type { ClientStatus } from '../mqtt/types.js';
import { showPageProblem, type StatusHud } from './hud.js';

/** One kiosk connection of a sketch, as the addon drives it. */
export interface SketchKiosk {
  /** At the start of every frame (and of every hand-over for a sketch that does not draw). */
  frame(): void;
  close(): void;
}

/** What the kiosk needs of one of the addon's connections, and sets on it. */
export interface KioskConnection {
  client: MqttClient;
  hud?: StatusHud;
  kiosk?: SketchKiosk;
  /** The sketch was removed (this module loads later than the connection is made). */
  closed?: boolean;
}

/** What is used of a p5 instance (1.x and 2.x alike). */
interface CanvasOwner {
  width?: number;
  height?: number;
  canvas?: HTMLCanvasElement | null;
  resizeCanvas?: (width: number, height: number, noRedraw?: boolean) => void;
}

/**
 * The p5 side of a kiosk page: the page's kiosk (watchdog, wake lock, hidden cursor — see
 * `PageKiosk`) fed with this sketch's frames, its canvas filling the window, and its HUD
 * kept out of the piece until there is trouble. Set on `connection.kiosk`, for the addon to
 * call each frame. Reports are retained only under a client id the sketch chose: it stays
 * the same across reloads.
 */
export function startSketchKiosk(
  sketch: object,
  connection: KioskConnection,
  fromCode: boolean | KioskOptions | undefined,
  fromPiece: boolean | KioskOptions | undefined,
  clientId: string | undefined,
): void {
  if (connection.closed) return;
  const { client, hud } = connection;
  const settings = kioskSettings(fromCode, fromPiece);
  const page = startPageKiosk(settings, { showProblem: showPageProblem });
  const detach = page.attach(client, typeof clientId === 'string' && clientId !== '');
  const stopHud = hud ? showHudOnTrouble(client, hud, settings.showOfflineAfterMs) : () => {};
  connection.kiosk = {
    frame() {
      page.frame();
      fillWindow(sketch as CanvasOwner);
    },
    close() {
      detach();
      stopHud();
    },
  };
}

/**
 * The HUD stays hidden while all is well: shown at once on an error (a refused password,
 * the one thing a kiosk does not retry), after `afterMs` out of reach of the broker (a
 * moment's blip is not the audience's business), and hidden again once connected. Esc
 * still shows and hides it by hand.
 */
function showHudOnTrouble(client: MqttClient, hud: StatusHud, afterMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const follow = (status: ClientStatus) => {
    if (status === 'connected' || status === 'error') {
      clearTimeout(timer);
      timer = undefined;
      hud.element.hidden = status === 'connected';
    } else if (timer === undefined) {
      // Not restarted by every attempt's status, or a broker retried often would never show.
      timer = setTimeout(() => (hud.element.hidden = false), afterMs);
    }
  };
  hud.element.hidden = true;
  follow(client.status);
  const off = client.on('status', ({ status }) => follow(status));
  return () => {
    off();
    clearTimeout(timer);
  };
}

/**
 * Makes the canvas fill the window: resized through the sketch's own `resizeCanvas` (so
 * `width` and `height` follow) whenever the sizes differ, and pinned to the corner if the
 * page put it elsewhere. Checked every frame: cheap when nothing changed, and it also
 * overrides a sketch that resizes itself to something smaller on `windowResized`.
 */
function fillWindow(sketch: CanvasOwner): void {
  const { canvas } = sketch;
  if (!canvas || typeof sketch.resizeCanvas !== 'function') return;
  const { innerWidth: width, innerHeight: height } = window;
  if (sketch.width === width && sketch.height === height) return;
  // noRedraw: this runs just before the frame's draw(); p5 would otherwise draw one inside it.
  sketch.resizeCanvas(width, height, true);
  const box = canvas.getBoundingClientRect();
  if (box.left !== 0 || box.top !== 0) canvas.classList.add(PINNED_CLASS);
}
