/**
 * _lesson-4-sensors-solution — lesson 4's exercise, solved (docs/lessons/lesson-4.md).
 *
 * Lesson 4's sketch with a second sensor: it also subscribes to `luminosidade` and makes
 * the background brighter as the light reading grows (0–100 mapped to 0–120), smoothed with
 * lerp() like the temperature. messageReceived() now looks at `topic` to tell the two
 * apart. Try it: `npm start` and wait for the bot, or publish by hand:
 * `mosquitto_pub -h localhost -u public -P public -t luminosidade -m 100` (with `-p` and the
 * TCP port `npm start` printed, if 1883 was taken). Esc shows or hides the connection status.
 */
import type {} from 'p5/global';
import type {} from '../../src/p5/global.js';
import p5 from '../../src/p5/p5-text.js';
import { mqttAddon, type MqttClient } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

const KEEP = 60;

let client: MqttClient;
let temperature = 0;
let shown = 0;
let received = false;
const readings: number[] = [];
let light = 0; // the newest luminosidade, 0–100
let shownLight = 0;

function setup() {
  createCanvas(windowWidth, windowHeight - 40);
  client = connectMqtt('mqtt://public:public@localhost');
  client.subscribe('temperatura');
  client.subscribe('luminosidade');
}

function messageReceived(topic: string, message: string) {
  const value = float(message);
  if (isNaN(value)) return;
  if (topic === 'temperatura') {
    temperature = value;
    received = true;
    readings.push(value);
    if (readings.length > KEEP) readings.shift();
  }
  if (topic === 'luminosidade') {
    light = value;
  }
}

function draw() {
  shownLight = lerp(shownLight, light, 0.1);
  background(map(shownLight, 0, 100, 0, 120, true));

  shown = lerp(shown, temperature, 0.1);
  const size = map(shown, 0, 100, 20, height * 0.5, true);
  const warmth = map(shown, 0, 100, 0, 1, true);
  noStroke();
  fill(lerpColor(color(40, 120, 255), color(255, 60, 40), warmth));
  circle(width / 2, height * 0.35, size);

  fill(255);
  textAlign(CENTER, CENTER);
  textSize(24);
  if (received) {
    text('temperatura: ' + round(shown), width / 2, height * 0.35);
  } else {
    text('waiting for temperatura — is the bot running?', width / 2, height * 0.35);
  }

  const top = height * 0.7;
  const bottom = height - 20;
  stroke(80);
  strokeWeight(1);
  line(20, top, width - 20, top);
  line(20, bottom, width - 20, bottom);
  stroke(255, 200, 0);
  strokeWeight(3);
  noFill();
  beginShape();
  let i = 0;
  for (const value of readings) {
    const x = map(i, 0, KEEP - 1, 20, width - 20);
    const y = map(value, 0, 100, bottom, top, true);
    vertex(x, y);
    i++;
  }
  endShape();
}

Object.assign(window, { setup, draw, messageReceived });
new p5();
