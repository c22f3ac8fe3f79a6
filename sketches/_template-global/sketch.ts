/**
 * _template-global — the minimal sketch in p5's global mode, as the p5 web editor writes
 * sketches: `function setup()`, `function draw()`, `function messageReceived()`.
 *
 * Copy it: `npm run new -- my-sketch --template global` (or `cp -r sketches/_template-global
 * sketches/my-sketch`, then change the <title> and the description in my-sketch/index.html).
 *
 * It connects to the kit's broker, subscribes to `my-sketch/#`, publishes where you click on
 * `my-sketch/click`, and draws a mark for every message. A sketch file is a module, so its
 * functions are not global by themselves: the `Object.assign(window, …)` line at the end
 * hands them to p5 — list every p5 function you define there (keyPressed, mouseDragged, …).
 * Esc shows or hides the connection status.
 */
import type {} from 'p5/global';
import type {} from '../../src/p5/global.js';
import p5 from '../../src/p5/p5-text.js';
import { mqttAddon } from '../../src/p5/index.js';
import type { MqttClient, MqttMessage } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

const TOPIC = 'my-sketch';
let client: MqttClient;
const marks: { x: number; y: number }[] = [];

function setup() {
  createCanvas(windowWidth, windowHeight - 40);
  client = connectMqtt('mqtt://public:public@localhost');
  client.subscribe(`${TOPIC}/#`);
}

// Every message, before the frame that shows it: the payload as text, then the full view.
function messageReceived(_topic: string, _message: string, details: MqttMessage) {
  const { x, y } = (details.json ?? {}) as { x?: unknown; y?: unknown };
  if (typeof x !== 'number' || typeof y !== 'number') return;
  marks.push({ x: x * width, y: y * height });
  if (marks.length > 200) marks.shift();
}

function draw() {
  background('#14151c');
  noStroke();
  fill('#5fd3ff');
  for (const mark of marks) circle(mark.x, mark.y, 16);
  if (marks.length === 0) {
    fill('#a9abbd');
    textAlign(CENTER, CENTER);
    textSize(16);
    text('click anywhere: every window of this sketch draws a mark there', 20, 0, width - 40, height);
  }
}

// Positions travel as 0–1, so windows of any size agree on where a click was.
function mousePressed() {
  client.publish(`${TOPIC}/click`, { x: mouseX / width, y: mouseY / height });
}

function windowResized() {
  resizeCanvas(windowWidth, windowHeight - 40);
}

Object.assign(window, { setup, draw, messageReceived, mousePressed, windowResized });
new p5();
