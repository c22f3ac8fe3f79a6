/**
 * _lesson-1-connect-solution — lesson 1's exercise, solved (docs/lessons/lesson-1.md).
 *
 * Lesson 1's sketch subscribed to four topics instead of one: `hello` and the sensor bot's
 * `temperatura`, `umidade` and `luminosidade`. Every message is printed in the console and
 * the last ten are listed on the canvas, so with `npm start` running (its bot publishes a
 * reading every 3 s) a new line appears every few seconds by itself. Try it: `npm start`, open
 * /sketches/_lesson-1-connect-solution/ and wait, or publish one yourself:
 * `mosquitto_pub -h localhost -u public -P public -t umidade -m 55` (with `-p` and the TCP
 * port `npm start` printed, if 1883 was taken). Esc shows or hides the connection status.
 */
import type {} from 'p5/global';
import type {} from '../../src/p5/global.js';
import p5 from '../../src/p5/p5-text.js';
import { mqttAddon, type MqttClient } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

let client: MqttClient;
const lines: string[] = [];

function setup() {
  createCanvas(windowWidth, windowHeight - 40);
  client = connectMqtt('mqtt://public:public@localhost');
  client.subscribe('hello');
  // One subscribe per topic; messageReceived() gets them all and `topic` says which it was.
  client.subscribe('temperatura');
  client.subscribe('umidade');
  client.subscribe('luminosidade');
}

function clientConnected() {
  print('connected!');
}

function messageReceived(topic: string, message: string) {
  print(topic + ': ' + message);
  lines.push(topic + ': ' + message);
  if (lines.length > 10) lines.shift();
}

function draw() {
  background(20);
  fill(255);
  textSize(20);
  if (lines.length === 0) {
    text('waiting for messages on hello, temperatura, umidade, luminosidade…', 20, 40);
  }
  let y = 40;
  for (const line of lines) {
    text(line, 20, y);
    y += 30;
  }
}

Object.assign(window, { setup, draw, clientConnected, messageReceived });
new p5();
