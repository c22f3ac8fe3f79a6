/**
 * sensors — live readings from the tutorial's sensor bot.
 *
 * The bot (`npm run bot`) publishes a random integer 0–100 every 3 s on one of `temperatura`,
 * `umidade` and `luminosidade`. This sketch subscribes to the three topics, with one handler
 * each, and shows every reading three ways: temperature as colour (blue → red), humidity as
 * the size of a drop, light as the brightness of a lamp — each with its number — plus a
 * scrolling plot of the last minute (readings within 200 ms share a point, drawn as a band
 * from their lowest to highest, so a flood draws as fast as the bot does). A payload that is
 * not a number (`abc`, JSON, an empty message) is shown as invalid while the last good
 * reading stays, dimmed; numbers beyond
 * 0–100 are drawn at the edge of the scale and written as they are. Try it: `npm start`,
 * then `npm run bot` in a second terminal, or publish by hand:
 * `mosquitto_pub -h localhost -u public -P public -t temperatura -m 42` (with `-p` and the TCP
 * port `npm start` printed, if 1883 was taken).
 * Esc shows or hides the connection status.
 */
import p5 from '../../src/p5/p5-text.js';
import accessibility from 'p5/accessibility';
import { mqttAddon, mqttSketch } from '../../src/p5/index.js';
import type { MqttClient } from '../../src/p5/index.js';
import { THEME, brightnessPicture, colourPicture, drawCard, sizePicture, type Box, type Picture } from '../../src/p5/widgets/sensor-cards.js';
import { HISTORY_MS, drawHistory } from '../../src/p5/widgets/history-plot.js';
import { createSensor, forgetBefore, record, spokenReading, type Sensor } from '../../src/p5/widgets/sensor-reading.js';

// describe() tells screen readers what the canvas shows.
accessibility(p5);
p5.registerAddon(mqttAddon);

/** Say what to check when nothing arrived this long after starting… */
const FIRST_READING_MS = 5_000;
/** …or this long after the last reading (the bot sends one every 3 s). */
const SILENCE_MS = 20_000;
const WAITING = 'waiting for sensor data — is the bot running? (npm run bot)';
/** Room left at the bottom for the connection status, which sits in that corner. */
const HUD_ROOM = 44;

const gauges: { sensor: Sensor; picture: Picture }[] = [
  { sensor: createSensor('temperatura', '°C', 'colour', '#ff7a59'), picture: colourPicture },
  { sensor: createSensor('umidade', '%', 'size', '#5fd3ff'), picture: sizePicture },
  { sensor: createSensor('luminosidade', '%', 'brightness', '#ffd35f'), picture: brightnessPicture },
];
const sensors = gauges.map((g) => g.sensor);

new p5(mqttSketch((p) => {
  let client: MqttClient;
  const readout = createReadout(document.getElementById('readout')!);

  p.setup = () => {
    p.createCanvas(p.windowWidth, p.windowHeight - 40);
    p.textFont('system-ui');
    p.describe(
      'Three live sensor gauges: temperature as the colour of a disc, humidity as the size of a drop, light as the ' +
        'brightness of a lamp, and a plot of the last minute below them. The current readings are listed after the canvas.',
    );
    client = p.connectMqtt('mqtt://public:public@localhost');
    // One handler per topic; the addon runs them before draw(), never in the middle of a frame.
    for (const sensor of sensors) client.subscribe(sensor.topic, (message) => record(sensor, message, p.millis()));
  };

  p.draw = () => {
    const now = p.millis();
    p.background(THEME.background);
    const { cards, plot } = layout(p.width, p.height);
    gauges.forEach(({ sensor, picture }, i) => drawCard(p, sensor, picture, cards[i]!, now));
    for (const sensor of sensors) forgetBefore(sensor, now - HISTORY_MS);
    const area = drawHistory(p, sensors, plot, now);
    const waiting = waitingText(now);
    if (waiting) banner(waiting.text, waiting.detail, area);
    readout.update([...sensors.map(spokenReading), waiting?.text ?? '']);
  };

  p.windowResized = () => p.resizeCanvas(p.windowWidth, p.windowHeight - 40);

  function waitingText(now: number): { text: string; detail: string } | undefined {
    const last = Math.max(...sensors.map((s) => s.updatedAt ?? -Infinity));
    const quiet = last === -Infinity ? now > FIRST_READING_MS : now - last > SILENCE_MS;
    if (!quiet) return undefined;
    if (!client.connected) return { text: 'waiting for the broker', detail: client.statusText };
    const detail = last === -Infinity ? 'nothing on temperatura, umidade or luminosidade yet' : `last reading ${Math.round((now - last) / 1000)} s ago`;
    return { text: WAITING, detail };
  }

  /** A message over the plot, where the readings would be. */
  function banner(text: string, detail: string, area: Box): void {
    const w = Math.min(area.w + 20, 480);
    const inner = w - 32;
    p.textWrap(p.WORD);
    p.textSize(15);
    const textH = lineCount(text, inner) * 20;
    p.textSize(12);
    const detailH = detail ? lineCount(detail, inner) * 16 + 6 : 0;
    const h = 28 + textH + detailH;
    const x = area.x + area.w / 2 - w / 2;
    const y = area.y + area.h / 2 - h / 2;
    p.fill(20, 21, 28, 235);
    p.stroke('#5fd3ff');
    p.strokeWeight(1);
    p.rect(x, y, w, h, 8);
    p.noStroke();
    p.textAlign(p.CENTER, p.TOP);
    p.textSize(15);
    p.textLeading(20);
    p.fill(THEME.text);
    p.text(text, x + 16, y + 14, inner);
    if (detail) {
      p.textSize(12);
      p.textLeading(16);
      p.fill(THEME.muted);
      p.text(detail, x + 16, y + 20 + textH, inner);
    }
  }

  /** Lines `text` wraps to at the current size; a little generous, as word wrap wastes some. */
  function lineCount(text: string, width: number): number {
    return Math.max(1, Math.ceil((p.textWidth(text) * 1.08) / width));
  }
}), document.getElementById('sketch')!);

/** Three cards and the plot: side by side on wide screens, stacked on a phone. */
function layout(w: number, h: number): { cards: Box[]; plot: Box } {
  const m = w < 600 ? 10 : 16;
  const bottom = h - HUD_ROOM;
  if (w >= 600) {
    // Short landscape screens (a phone on its side) still leave the plot some height.
    const cardH = Math.min(300, Math.max(100, h * 0.42));
    const cardW = (w - 4 * m) / 3;
    const cards = [0, 1, 2].map((i) => ({ x: m + i * (cardW + m), y: m, w: cardW, h: cardH }));
    return { cards, plot: { x: m, y: 2 * m + cardH, w: w - 2 * m, h: bottom - 2 * m - cardH } };
  }
  const cardH = Math.min(110, Math.max(76, h * 0.15));
  const cards = [0, 1, 2].map((i) => ({ x: m, y: m + i * (cardH + m), w: w - 2 * m, h: cardH }));
  const top = m + 3 * (cardH + m);
  return { cards, plot: { x: m, y: top, w: w - 2 * m, h: bottom - top } };
}

/**
 * The readings as text for screen readers (and anyone who cannot see the canvas): one list
 * item per line, rewritten only when its words change, so the live region speaks only news.
 */
function createReadout(list: HTMLElement): { update(lines: string[]): void } {
  const items: HTMLLIElement[] = [];
  return {
    update(lines) {
      lines.forEach((line, i) => {
        const item = (items[i] ??= list.appendChild(document.createElement('li')));
        if (item.textContent !== line) item.textContent = line;
        item.hidden = line === '';
      });
    },
  };
}
