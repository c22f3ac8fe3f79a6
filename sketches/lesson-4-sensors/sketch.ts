/**
 * lesson-4-sensors — a sensor reading made visible: map, smooth, plot (docs/lessons/lesson-4.md).
 *
 * The sensor bot that `npm start` runs publishes a number 0–100 on `temperatura` (or
 * `umidade`, or `luminosidade`) every 3 s. This sketch subscribes to `temperatura` and shows
 * it three ways a beginner can write: map() turns the value into a circle's size and a
 * colour from blue to red; lerp() moves what is drawn a tenth of the way to the new value
 * each frame, so the circle eases instead of jumping; and an array keeps the last 60
 * readings, drawn as a line along the bottom. Text that is not a number is ignored. Try it:
 * `npm start` and wait (a temperature comes every ~9 s on average; `npm start --
 * --bot-interval 500` makes it quicker), or publish by hand:
 * `mosquitto_pub -h localhost -u public -P public -t temperatura -m 80` (with `-p` and the
 * TCP port `npm start` printed, if 1883 was taken). Esc shows or hides the connection status.
 */
import type {} from 'p5/global';
import type {} from '../../src/p5/global.js';
import p5 from '../../src/p5/p5-text.js';
import { mqttAddon, type MqttClient } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

const KEEP = 60; // readings in the plot

let client: MqttClient;
let temperature = 0; // the newest reading, 0–100
let shown = 0; // what we draw: follows `temperature` a little every frame
let received = false;
const readings: number[] = []; // the last KEEP readings, oldest first

function setup() {
  createCanvas(windowWidth, windowHeight - 40);
  client = connectMqtt('mqtt://public:public@localhost');
  client.subscribe('temperatura');
}

function messageReceived(topic: string, message: string) {
  const value = float(message); // "42" → 42, "abc" → NaN
  if (isNaN(value)) return;
  temperature = value;
  received = true;
  readings.push(value);
  if (readings.length > KEEP) readings.shift();
}

function draw() {
  background(20);

  // Smooth: a tenth of the way from what is shown to the newest reading, every frame.
  shown = lerp(shown, temperature, 0.1);

  // Map: 0–100 becomes a diameter, and an amount from blue (0) to red (1).
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

  // Plot: reading number i goes left to right, its value bottom (0) to top (100).
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
