/**
 * _lesson-2-publish-solution — lesson 2's exercise, solved (docs/lessons/lesson-2.md).
 *
 * Each key publishes itself on `hello` (`a`, `b`, `Enter`…) instead of always `world`, and
 * a click publishes `left` or `right` on `hello/click`, after the half of the canvas it
 * landed in. What comes back from the broker is listed, as in the lesson. Try it: `npm
 * start`, open /sketches/_lesson-2-publish-solution/ in two tabs, type and click in one.
 * Esc shows or hides the connection status.
 */
import type {} from 'p5/global';
import type {} from '../../src/p5/global.js';
import p5 from '../../src/p5/p5-text.js';
import { mqttAddon, type MqttClient } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

let client: MqttClient;
let sent = 0;
const lines: string[] = [];

function setup() {
  createCanvas(windowWidth, windowHeight - 40);
  client = connectMqtt('mqtt://public:public@localhost');
  client.subscribe('hello');
  client.subscribe('hello/click');
}

function keyPressed() {
  // `key` is the key just pressed, as text: 'a', 'B', ' ', 'Enter', 'ArrowUp'…
  client.publish('hello', key);
  sent++;
}

function mousePressed() {
  if (mouseX < width / 2) {
    client.publish('hello/click', 'left');
  } else {
    client.publish('hello/click', 'right');
  }
  sent++;
}

function messageReceived(topic: string, message: string) {
  lines.push(topic + ': ' + message);
  if (lines.length > 10) lines.shift();
}

function draw() {
  background(20);
  fill(255);
  textSize(20);
  text('type or click — sent: ' + sent, 20, 40);
  fill(180);
  let y = 90;
  for (const line of lines) {
    text(line, 20, y);
    y += 30;
  }
}

Object.assign(window, { setup, draw, keyPressed, mousePressed, messageReceived });
new p5();
