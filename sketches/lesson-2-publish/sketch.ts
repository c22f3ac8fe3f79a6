/**
 * lesson-2-publish — publish on a key press and on a click (docs/lessons/lesson-2.md).
 *
 * Like the tutorial's Processing sketch, any key publishes `world` on `hello`; a click
 * publishes where it was, as the text `x,y`, on `hello/click`. The sketch subscribes to
 * both topics, so what it sends comes back from the broker and is listed under the count of
 * messages sent — and so does what anyone else sends there. Try it: `npm start`, open this
 * page in two tabs, click and type in one and watch both lists, or listen from a terminal:
 * `mosquitto_sub -h localhost -u public -P public -t 'hello/#' -v` (with `-p` and the TCP
 * port `npm start` printed, if 1883 was taken). Esc shows or hides the connection status
 * (and, while it can, never reaches keyPressed()).
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
  // Subscribed to what we publish, so our own messages come back to us.
  client.subscribe('hello');
  client.subscribe('hello/click');
}

// Once per key press (not once per frame while the key is down).
function keyPressed() {
  client.publish('hello', 'world');
  sent++;
}

// Once per click or touch. A payload is text: the position goes as "x,y".
function mousePressed() {
  client.publish('hello/click', round(mouseX) + ',' + round(mouseY));
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
  text('press a key or click — sent: ' + sent, 20, 40);
  fill(180);
  let y = 90;
  for (const line of lines) {
    text(line, 20, y);
    y += 30;
  }
}

// Every function p5 should call goes in this list: one left out is never called.
Object.assign(window, { setup, draw, keyPressed, mousePressed, messageReceived });
new p5();
