/**
 * lesson-3-draw — draw a response to each message (docs/lessons/lesson-3.md).
 *
 * Every message on `hello` adds a circle at a random place, in a random colour, with the
 * message's text in the middle; each frame the circles grow and fade, and a circle that has
 * grown past 300 px is forgotten. A key or a click publishes `world` on `hello`, so one tab
 * is enough to try it; open two and both draw every message. Try it: `npm start`, open this
 * page, press keys, or publish from a terminal:
 * `mosquitto_pub -h localhost -u public -P public -t hello -m olá` (with `-p` and the TCP
 * port `npm start` printed, if 1883 was taken). Esc shows or hides the connection status.
 */
import type {} from 'p5/global';
import type {} from '../../src/p5/global.js';
import p5 from '../../src/p5/p5-text.js';
import { mqttAddon, type MqttClient } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

let client: MqttClient;
// One entry per message still on screen: where, how big, which colour, what it said.
let circles: { x: number; y: number; size: number; hue: number; label: string }[] = [];

function setup() {
  createCanvas(windowWidth, windowHeight - 40);
  colorMode(HSB); // hue 0–360, saturation and brightness 0–100, alpha 0–1
  client = connectMqtt('mqtt://public:public@localhost');
  client.subscribe('hello');
}

// Messages only change the data; draw() turns the data into pictures, 60 times a second.
function messageReceived(topic: string, message: string) {
  circles.push({ x: random(80, width - 80), y: random(80, height - 80), size: 10, hue: random(360), label: message });
  // A flood of messages never piles up more than 100 circles.
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
    text('press a key or click: every message on "hello" draws a circle', width / 2, height / 2);
  }
}

function keyPressed() {
  client.publish('hello', 'world');
}

function mousePressed() {
  client.publish('hello', 'world');
}

Object.assign(window, { setup, draw, messageReceived, keyPressed, mousePressed });
new p5();
