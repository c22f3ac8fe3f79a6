/**
 * hello — the tutorial's Processing sketch, ported to p5.js.
 *
 * It connects to the broker (the kit's own when run with `npm start`), subscribes to
 * `hello`, and publishes `world` on `hello` on every key press, click or touch. Each
 * message received draws a ripple whose colour comes from the payload, and the latest
 * messages are listed. Try it: open this page in two tabs and press a key in one — both
 * ripple. Publish from a terminal too: `mosquitto_pub -t hello -m anything`.
 */
import p5 from 'p5';
import { connect } from '../../src/index.js';
import type { MqttMessage } from '../../src/index.js';

new p5((p: p5) => {
  const ripples: { x: number; y: number; born: number; hue: number }[] = [];
  const latest: string[] = [];
  const client = connect(undefined, undefined);

  const messageReceived = (message: MqttMessage) => {
    const hue = [...message.text].reduce((sum, ch) => (sum * 31 + ch.charCodeAt(0)) % 360, 7);
    ripples.push({ x: p.random(p.width * 0.15, p.width * 0.85), y: p.random(p.height * 0.2, p.height * 0.8), born: p.millis(), hue });
    latest.unshift(`${message.topic}: ${message.text}`);
    latest.length = Math.min(latest.length, 6);
  };

  p.setup = () => {
    p.createCanvas(p.windowWidth, p.windowHeight - 40);
    p.colorMode(p.HSB, 360, 100, 100, 1);
    client.subscribe('hello', messageReceived);
  };

  p.draw = () => {
    client.drain();
    p.background(235, 25, 10);
    p.noFill();
    for (const r of ripples) {
      const age = (p.millis() - r.born) / 1500;
      p.stroke(r.hue, 70, 100, 1 - age);
      p.strokeWeight(4);
      p.circle(r.x, r.y, 40 + age * 360);
    }
    while (ripples.length > 0 && p.millis() - ripples[0]!.born > 1500) ripples.shift();
    p.noStroke();
    p.fill(0, 0, 100);
    p.textSize(16);
    p.text(client.statusText, 16, p.height - 16);
    latest.forEach((line, i) => p.text(line, 16, 28 + i * 22));
  };

  const press = () => {
    client.publish('hello', 'world');
  };
  p.keyPressed = press;
  p.mousePressed = press;
  p.windowResized = () => p.resizeCanvas(p.windowWidth, p.windowHeight - 40);
}, document.getElementById('sketch')!);
