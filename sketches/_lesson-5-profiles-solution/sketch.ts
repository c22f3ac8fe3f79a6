/**
 * _lesson-5-profiles-solution — lesson 5's exercise, solved (docs/lessons/lesson-5.md).
 *
 * Lesson 5's sketch logged in with an account of one's own, `ana` from
 * docs/lessons/turma.json, who may publish on `hello` and under `class/ana/` (the rights
 * `npm run class` gives every student): it publishes on `class/ana/oi` and every square turns
 * green; set TOPIC to another student's `class/bruno/oi` and they turn red. Try it: copy
 * docs/lessons/turma.json to turma.json, run `npm start -- --profiles turma.json`, open
 * /sketches/_lesson-5-profiles-solution/ and press a key. Esc shows or hides the connection
 * status.
 */
import type {} from 'p5/global';
import type {} from '../../src/p5/global.js';
import p5 from '../../src/p5/p5-text.js';
import { mqttAddon, type MqttClient } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

// Our own account, from turma.json (npm start -- --profiles turma.json).
const USER = 'ana';
const PASSWORD = 'girassol';
const TOPIC = 'class/ana/oi';
const WAIT_MS = 2000; // not back by then: dropped

let client: MqttClient;
// Every message we sent, oldest first: what, when, and whether it came back.
const sent: { text: string; at: number; back: boolean }[] = [];

function setup() {
  createCanvas(windowWidth, windowHeight - 40);
  client = connectMqtt('mqtt://' + USER + ':' + PASSWORD + '@localhost');
  client.subscribe(TOPIC);
}

async function send() {
  // Only this sketch sends this text, so we recognise it when it comes back.
  const text = client.clientId + ' #' + (sent.length + 1);
  sent.push({ text: text, at: millis(), back: false });
  // QoS 1: the promise becomes true once the broker has acknowledged the message.
  const ok = await client.publish(TOPIC, text, { qos: 1 });
  print('publish ' + text + ' → ' + ok);
}

function keyPressed() {
  send();
}

function mousePressed() {
  send();
}

function messageReceived(topic: string, message: string) {
  for (const m of sent) {
    if (m.text === message) m.back = true;
  }
}

function draw() {
  background(20);
  noStroke();
  fill(255);
  textSize(20);
  text('logged in as ' + USER + ' — press a key or click to publish on "' + TOPIC + '"', 20, 40);

  let back = 0;
  let lost = 0;
  for (const m of sent) {
    if (m.back) back++;
    else if (millis() - m.at > WAIT_MS) lost++;
  }

  // The last 10 as squares: green came back, red never did, grey still on its way.
  let x = 20;
  for (const m of sent.slice(-10)) {
    if (m.back) fill(60, 200, 120);
    else if (millis() - m.at > WAIT_MS) fill(230, 70, 70);
    else fill(120);
    square(x, 70, 30);
    x += 40;
  }

  fill(255);
  text('sent: ' + sent.length + '   came back: ' + back + '   never came back: ' + lost, 20, 140);
  if (lost > 0) {
    fill(230, 70, 70);
    text('The broker took them and dropped them: ' + USER + ' may not publish on "' + TOPIC + '".', 20, 180);
    text('It says so in its log: look at the npm start terminal.', 20, 210);
  }
}

Object.assign(window, { setup, draw, keyPressed, mousePressed, messageReceived });
new p5();
