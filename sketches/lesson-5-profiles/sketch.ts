/**
 * lesson-5-profiles — log in with a profile that may not publish (docs/lessons/lesson-5.md).
 *
 * The sketch logs in as `viewer`, which the kit's broker lets subscribe to everything and
 * publish nothing, subscribes to `hello`, and on every key or click publishes a message only
 * it would send (its client id and a number) on `hello`, with QoS 1. The last ten messages
 * are squares: grey while on their way, green once they came back through the subscription,
 * red when not back after 2 s. As `viewer` every square turns red: the broker acknowledges
 * the message (so `await client.publish()` is true, printed in the console), then drops it,
 * and says so only in its own log — the `npm start` terminal shows
 * `denied: 'p5-…' (viewer) may not publish to 'hello'`. Change USER and PASSWORD to
 * `public` and the squares turn green. Try it: `npm start`, open this page, press a key.
 * Esc shows or hides the connection status.
 */
import type {} from 'p5/global';
import type {} from '../../src/p5/global.js';
import p5 from '../../src/p5/p5-text.js';
import { mqttAddon, type MqttClient } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

// Who we log in as. The kit's broker knows public/public, viewer/viewer and admin.
const USER = 'viewer';
const PASSWORD = 'viewer';
const TOPIC = 'hello';
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
