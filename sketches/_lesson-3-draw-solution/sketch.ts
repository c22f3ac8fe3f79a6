/**
 * _lesson-3-draw-solution — lesson 3's exercise, solved (docs/lessons/lesson-3.md).
 *
 * A click publishes its position as `x,y` on `hello/click` (as lesson 2's sketch does), and
 * every message there starts a circle at that position instead of a random one; messages
 * on `hello` still land at random. Open it in two tabs of the same size and click in one:
 * both draw the circle under the mouse. Try it: `npm start`, open
 * /sketches/_lesson-3-draw-solution/ twice, or publish from a terminal:
 * `mosquitto_pub -h localhost -u public -P public -t hello/click -m 200,150` (with `-p` and
 * the TCP port `npm start` printed, if 1883 was taken). Esc shows or hides the connection
 * status.
 */
import type {} from 'p5/global';
import type {} from '../../src/p5/global.js';
import p5 from '../../src/p5/p5-text.js';
import { mqttAddon, type MqttClient } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

let client: MqttClient;
let circles: { x: number; y: number; size: number; hue: number; label: string }[] = [];

function setup() {
  createCanvas(windowWidth, windowHeight - 40);
  colorMode(HSB);
  client = connectMqtt('mqtt://public:public@localhost');
  client.subscribe('hello');
  client.subscribe('hello/click');
}

function messageReceived(topic: string, message: string) {
  let x = random(80, width - 80);
  let y = random(80, height - 80);
  if (topic === 'hello/click') {
    // "200,150" → ['200', '150'] → 200 and 150
    const parts = splitTokens(message, ',');
    x = float(parts[0]);
    y = float(parts[1]);
    // Not two numbers (someone sent "oi" here)? Then no circle.
    if (isNaN(x) || isNaN(y)) return;
  }
  circles.push({ x: x, y: y, size: 10, hue: random(360), label: message });
  if (circles.length > 100) circles.shift();
}

function draw() {
  background(230, 40, 12);
  textAlign(CENTER, CENTER);
  textSize(18);
  for (const c of circles) {
    c.size = c.size + 2;
    const alpha = map(c.size, 10, 300, 1, 0);
    noFill();
    stroke(c.hue, 70, 100, alpha);
    strokeWeight(4);
    circle(c.x, c.y, c.size);
    noStroke();
    fill(0, 0, 100, alpha);
    text(c.label, c.x, c.y);
  }
  circles = circles.filter((c) => c.size < 300);
  if (circles.length === 0) {
    fill(0, 0, 70);
    text('click: every window of this sketch draws a circle there', width / 2, height / 2);
  }
}

function keyPressed() {
  client.publish('hello', 'world');
}

function mousePressed() {
  client.publish('hello/click', round(mouseX) + ',' + round(mouseY));
}

Object.assign(window, { setup, draw, messageReceived, keyPressed, mousePressed });
new p5();
