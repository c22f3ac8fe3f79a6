/**
 * _template — a minimal sketch to start from.
 *
 * Copy it: `npm run new -- my-sketch` (or `cp -r sketches/_template sketches/my-sketch`, then
 * change the <title> and the description in my-sketch/index.html). The new folder appears in
 * the gallery just by existing (folders starting with `_`, like this one, are left out).
 *
 * It connects to the kit's broker, subscribes to `my-sketch/#`, publishes where you click on
 * `my-sketch/click`, and draws a mark for every message it receives. Esc shows or hides the
 * connection status.
 */
import p5 from '../../src/p5/p5-text.js';
import { mqttAddon, mqttSketch } from '../../src/p5/index.js';
import type { MqttClient, MqttMessage } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

const TOPIC = 'my-sketch';

new p5(mqttSketch((p) => {
  let client: MqttClient;
  const marks: { x: number; y: number }[] = [];

  p.setup = () => {
    p.createCanvas(p.windowWidth, p.windowHeight - 40);
    client = p.connectMqtt('mqtt://public:public@localhost');
    client.subscribe(`${TOPIC}/#`);
  };

  // Every message, before the frame that shows it: the payload as text, then the full view.
  // Payloads are never trusted: `details.json` is undefined unless the text is JSON
  // (and `details.number` unless it is a number).
  p.messageReceived = (_topic: string, _message: string, details: MqttMessage) => {
    const { x, y } = (details.json ?? {}) as { x?: unknown; y?: unknown };
    if (typeof x !== 'number' || typeof y !== 'number') return;
    marks.push({ x: x * p.width, y: y * p.height });
    if (marks.length > 200) marks.shift();
  };

  p.draw = () => {
    p.background('#14151c');
    p.noStroke();
    p.fill('#5fd3ff');
    for (const mark of marks) p.circle(mark.x, mark.y, 16);
    if (marks.length === 0) {
      p.fill('#a9abbd');
      p.textAlign(p.CENTER, p.CENTER);
      p.textSize(16);
      p.text('click anywhere: every window of this sketch draws a mark there', 20, 0, p.width - 40, p.height);
    }
  };

  // Positions travel as 0–1, so windows of any size agree on where a click was.
  p.mousePressed = () => {
    client.publish(`${TOPIC}/click`, { x: p.mouseX / p.width, y: p.mouseY / p.height });
  };
  p.windowResized = () => p.resizeCanvas(p.windowWidth, p.windowHeight - 40);
}), document.getElementById('sketch')!);
