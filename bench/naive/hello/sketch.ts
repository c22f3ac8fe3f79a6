/**
 * hello, wired the way popular p5 + MQTT tutorials do it — the bench's baseline for the
 * kit's sketches/hello. Same drawing as the kit's sketch; the difference is the wiring:
 * MQTT.js runs on the page's main thread (`import mqtt from 'mqtt'`), and its
 * `on('message')` handler updates the drawing state for every message as it arrives,
 * between frames. p5 is imported whole.
 */
import mqtt from 'mqtt';
import p5 from 'p5';
import { brokerUrl, credentials } from '../broker.js';

const RIPPLE_MS = 1600;

new p5((p: p5) => {
  const ripples: { x: number; y: number; born: number; hue: number }[] = [];
  const latest: { line: string; hue: number }[] = [];
  const client = mqtt.connect(brokerUrl, credentials);

  client.on('connect', () => {
    client.subscribe('hello');
    window.__probe?.connect();
  });
  client.on('message', (topic, payload) => {
    const text = payload.toString();
    const hue = hueOf(text);
    ripples.push({ x: p.random(0.1, 0.9) * p.width, y: p.random(0.2, 0.85) * p.height, born: p.millis(), hue });
    latest.unshift({ line: `${topic}: ${text.slice(0, 60)}`, hue });
    latest.length = Math.min(latest.length, 8);
    // The bench's meter (bench/lib/probe.ts); absent when the page is opened by hand.
    window.__probe?.message(topic);
  });

  p.setup = () => {
    p.createCanvas(p.windowWidth, p.windowHeight - 40);
    p.colorMode(p.HSB, 360, 100, 100, 1);
  };

  p.draw = () => {
    p.background(235, 30, 9);
    p.noFill();
    for (const r of ripples) {
      const age = (p.millis() - r.born) / RIPPLE_MS;
      p.stroke(r.hue, 75, 100, 1 - age);
      p.strokeWeight(6 * (1 - age) + 1);
      p.circle(r.x, r.y, 30 + age * Math.min(p.width, p.height) * 0.8);
    }
    while (ripples.length > 0 && p.millis() - ripples[0]!.born > RIPPLE_MS) ripples.shift();

    p.noStroke();
    p.textSize(16);
    p.textFont('system-ui');
    latest.forEach(({ line, hue }, i) => {
      p.fill(hue, 45, 100, 1 - i / 10);
      p.text(line, 20, 34 + i * 24);
    });
    if (latest.length === 0) {
      p.fill(0, 0, 75);
      p.textAlign(p.CENTER, p.CENTER);
      p.text('press any key, click or touch to publish “world” on “hello”', p.width / 2, p.height / 2);
      p.textAlign(p.LEFT, p.BASELINE);
    }
  };

  p.keyPressed = () => {
    client.publish('hello', 'world');
  };
  p.mousePressed = () => {
    client.publish('hello', 'world');
  };
  p.windowResized = () => p.resizeCanvas(p.windowWidth, p.windowHeight - 40);
}, document.getElementById('sketch')!);

function hueOf(text: string): number {
  let hash = 7;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) % 360;
  return hash;
}
