/**
 * sensors, wired the way popular p5 + MQTT tutorials do it — the bench's baseline for the
 * kit's sketches/sensors. It draws with the same drawing code (src/p5/widgets, which both
 * import); the wiring differs: MQTT.js on the page's main thread, one
 * `on('message')` handler that parses the payload and updates the sensor for every message
 * as it arrives, keeping every reading as a point of the plot, p5 imported whole.
 */
import mqtt from 'mqtt';
import p5 from 'p5';
import { THEME, brightnessPicture, colourPicture, drawCard, sizePicture, type Box, type Picture } from '../../../src/p5/widgets/sensor-cards.js';
import { HISTORY_MS, drawHistory } from '../../../src/p5/widgets/history-plot.js';
import { createSensor, forgetBefore, spokenReading, type Sensor } from '../../../src/p5/widgets/sensor-reading.js';
import { brokerUrl, credentials } from '../broker.js';

const HUD_ROOM = 44;
const gauges: { sensor: Sensor; picture: Picture }[] = [
  { sensor: createSensor('temperatura', '°C', 'colour', '#ff7a59'), picture: colourPicture },
  { sensor: createSensor('umidade', '%', 'size', '#5fd3ff'), picture: sizePicture },
  { sensor: createSensor('luminosidade', '%', 'brightness', '#ffd35f'), picture: brightnessPicture },
];
const sensors = gauges.map((g) => g.sensor);

new p5((p: p5) => {
  const readout = document.getElementById('readout')!;
  const client = mqtt.connect(brokerUrl, credentials);

  client.on('connect', () => {
    client.subscribe(['temperatura', 'umidade', 'luminosidade']);
    window.__probe?.connect();
  });
  client.on('message', (topic, payload) => {
    const sensor = sensors.find((s) => s.topic === topic);
    if (!sensor) return;
    const text = payload.toString();
    const value = Number(text);
    const now = p.millis();
    sensor.updatedAt = now;
    if (text.trim() === '' || !Number.isFinite(value)) {
      sensor.invalid = `invalid: '${text.slice(0, 23)}'`;
      sensor.rejected.push(now);
    } else {
      // Every reading its own point of the plot, as tutorials keep them (the kit's sketch
      // merges readings that arrive close together: POINT_MS in src/p5/widgets/sensor-reading.ts).
      sensor.value = value;
      delete sensor.invalid;
      sensor.history.push({ at: now, since: now, value, low: value, high: value, count: 1 });
    }
    window.__probe?.message(topic);
  });

  p.setup = () => {
    p.createCanvas(p.windowWidth, p.windowHeight - 40);
    p.textFont('system-ui');
  };

  p.draw = () => {
    const now = p.millis();
    p.background(THEME.background);
    const { cards, plot } = layout(p.width, p.height);
    gauges.forEach(({ sensor, picture }, i) => drawCard(p, sensor, picture, cards[i]!, now));
    for (const sensor of sensors) forgetBefore(sensor, now - HISTORY_MS);
    const area = drawHistory(p, sensors, plot, now);
    if (sensors.every((s) => s.updatedAt === undefined) && now > 5000) {
      p.fill(THEME.text);
      p.textAlign(p.CENTER, p.CENTER);
      p.text('waiting for sensor data', area.x + area.w / 2, area.y + area.h / 2);
    }
    // The readings as text for screen readers, as the kit's sketch keeps them.
    sensors.map(spokenReading).forEach((line, i) => {
      const item = readout.children[i] ?? readout.appendChild(document.createElement('li'));
      if (item.textContent !== line) item.textContent = line;
    });
  };

  p.windowResized = () => p.resizeCanvas(p.windowWidth, p.windowHeight - 40);
}, document.getElementById('sketch')!);

/** The kit sketch's layout: three cards side by side on wide screens, stacked on a phone. */
function layout(w: number, h: number): { cards: Box[]; plot: Box } {
  const m = w < 600 ? 10 : 16;
  const bottom = h - HUD_ROOM;
  if (w >= 600) {
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
