/**
 * hello — the tutorial's Processing sketch, ported to p5.js.
 *
 * It connects like the original (`connectMqtt('mqtt://public:public@localhost', …)`; with
 * `npm start` that is the kit's own broker), subscribes to `hello`, and publishes `world`
 * on `hello` on every key press, click or touch. Each message received draws a ripple
 * whose colour comes from the payload (under a flood, thirty a second), and the latest
 * messages are listed. Try it: open this page in two tabs and press a key in one — both
 * ripple. From a terminal:
 * `mosquitto_pub -h localhost -u public -P public -t hello -m anything` (with `-p` and the TCP
 * port `npm start` printed, if 1883 was taken).
 * Esc shows or hides the connection status.
 */
import p5 from '../../src/p5/p5-2d.js';
import { mqttAddon, mqttSketch } from '../../src/p5/index.js';
import type { MqttClient } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

const RIPPLE_MS = 1600;
// Under a flood (thousands of messages a second) a ripple per message would be a blur that
// costs more to draw than a frame lasts. A ripple starts for the newest message at most every
// RIPPLE_EVERY_MS, so about 50 are ever alive; every message still reaches messageReceived()
// and the list, and a key press now and then always gets its own ripple.
const RIPPLE_EVERY_MS = 33;
const MAX_LINES = 8;
// The list is text to read: rewriting it 60 times a second would cost layout and help no one.
const LIST_EVERY_MS = 100;

new p5(mqttSketch((p) => {
  let client: MqttClient;
  const ripples: { x: number; y: number; born: number; hue: number }[] = [];
  /** The newest message's hue, waiting for draw() to start its ripple. */
  let fresh: number | undefined;
  let rippledAt = -Infinity;
  const lines: { text: string; hue: number }[] = [];
  let linesChanged = false;
  let listShownAt = -Infinity;
  const list = document.getElementById('latest')!;
  const hint = document.getElementById('hint')!;

  p.setup = () => {
    p.createCanvas(p.windowWidth, p.windowHeight - 40);
    p.colorMode(p.HSB, 360, 100, 100, 1);
    client = p.connectMqtt('mqtt://public:public@localhost', undefined);
    client.subscribe('hello');
  };

  // Called by the addon, before each frame, for every message — like Processing's
  // messageReceived, with the payload as text.
  p.messageReceived = (topic: string, message: string) => {
    const hue = hueOf(message);
    fresh = hue;
    lines.unshift({ text: `${topic}: ${message.slice(0, 80)}`, hue });
    lines.length = Math.min(lines.length, MAX_LINES);
    linesChanged = true;
  };

  const showLines = () => {
    if (!linesChanged || p.millis() - listShownAt < LIST_EVERY_MS) return;
    linesChanged = false;
    listShownAt = p.millis();
    hint.hidden = true;
    list.replaceChildren(
      ...lines.map(({ text, hue }, i) => {
        const item = document.createElement('li');
        item.textContent = text;
        item.style.color = `hsl(${hue} 90% 72%)`;
        item.style.opacity = String(1 - i / 10);
        return item;
      }),
    );
  };

  p.draw = () => {
    if (fresh !== undefined && p.millis() - rippledAt >= RIPPLE_EVERY_MS) {
      ripples.push({ x: p.random(0.1, 0.9) * p.width, y: p.random(0.2, 0.85) * p.height, born: p.millis(), hue: fresh });
      fresh = undefined;
      rippledAt = p.millis();
    }
    p.background(235, 30, 9);
    p.noFill();
    for (const r of ripples) {
      const age = (p.millis() - r.born) / RIPPLE_MS;
      p.stroke(r.hue, 75, 100, 1 - age);
      p.strokeWeight(6 * (1 - age) + 1);
      p.circle(r.x, r.y, 30 + age * Math.min(p.width, p.height) * 0.8);
    }
    while (ripples.length > 0 && p.millis() - ripples[0]!.born > RIPPLE_MS) ripples.shift();
    showLines();
  };

  const publish = () => {
    client.publish('hello', 'world');
  };
  p.keyPressed = publish;
  p.mousePressed = publish;
  p.windowResized = () => p.resizeCanvas(p.windowWidth, p.windowHeight - 40);
}), document.getElementById('sketch')!);

/** A stable hue per payload, so 'world' always ripples in the same colour. */
function hueOf(text: string): number {
  let hash = 7;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) % 360;
  return hash;
}
