/**
 * lesson-6-bot — the page side of lesson 6's bot (docs/lessons/lesson-6.md).
 *
 * It subscribes to `dado` and draws the latest roll your bot published as a die (pips for
 * 1–6, the number itself for anything else, which the exercise's bigger dice send); the die
 * jumps a little on every roll. A key or a click publishes `rolar` on `dado/pedido`, and the
 * bot answers with a roll at once. Until a roll arrives it says how to start the bot. Try
 * it: `npm start`, then `npx tsx sketches/lesson-6-bot/bot.ts` in a second terminal, and
 * open this page. Esc shows or hides the connection status.
 */
import type {} from 'p5/global';
import type {} from '../../src/p5/global.js';
import p5 from '../../src/p5/p5-text.js';
import { mqttAddon, type MqttClient } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

// Where the pips of each face sit, from -1 (left/top) to 1 (right/bottom).
const PIPS: [number, number][][] = [
  [],
  [[0, 0]],
  [[-1, -1], [1, 1]],
  [[-1, -1], [0, 0], [1, 1]],
  [[-1, -1], [1, -1], [-1, 1], [1, 1]],
  [[-1, -1], [1, -1], [0, 0], [-1, 1], [1, 1]],
  [[-1, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [1, 1]],
];

let client: MqttClient;
let face = 0; // the latest roll; 0 until the bot sends one
let rolledAt = -1000;

function setup() {
  createCanvas(windowWidth, windowHeight - 40);
  client = connectMqtt('mqtt://public:public@localhost');
  client.subscribe('dado');
}

function messageReceived(topic: string, message: string) {
  const value = int(message);
  if (isNaN(value)) return;
  face = value;
  rolledAt = millis();
}

function keyPressed() {
  client.publish('dado/pedido', 'rolar');
}

function mousePressed() {
  client.publish('dado/pedido', 'rolar');
}

function draw() {
  background(20);
  textAlign(CENTER, CENTER);
  if (face === 0) {
    fill(200);
    textSize(20);
    text('waiting for the bot — run: npx tsx sketches/lesson-6-bot/bot.ts', width / 2, height / 2);
    return;
  }
  // The die jumps for a quarter of a second after each roll.
  const jump = map(millis() - rolledAt, 0, 250, 1.2, 1, true);
  const size = min(width, height) * 0.4 * jump;
  translate(width / 2, height / 2);
  noStroke();
  fill(245);
  rectMode(CENTER);
  square(0, 0, size, size * 0.15);
  fill(30);
  const pips = PIPS[face];
  if (pips) {
    for (const [dx, dy] of pips) circle(dx * size * 0.28, dy * size * 0.28, size * 0.16);
  } else {
    textSize(size * 0.5);
    text(face, 0, 0);
  }
  fill(200);
  textSize(18);
  text('press a key or click to ask the bot for a roll', 0, size / 2 + 40);
}

Object.assign(window, { setup, draw, messageReceived, keyPressed, mousePressed });
new p5();
