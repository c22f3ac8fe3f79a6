/**
 * lesson-1-connect — connect to the broker, subscribe to a topic, print what arrives
 * (docs/lessons/lesson-1.md).
 *
 * The tutorial's first Processing sketch in p5's global mode: it connects to the kit's
 * broker as `public`, subscribes to `hello`, and for every message prints `topic: message`
 * in the console and lists the last ten on the canvas. Try it: `npm start`, open this page,
 * then open the hello sketch in another tab and press a key there, or publish from a
 * terminal: `mosquitto_pub -h localhost -u public -P public -t hello -m oi` (with `-p` and
 * the TCP port `npm start` printed, if 1883 was taken). Esc shows or hides the connection
 * status.
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
  // The broker's address, with user name and password (public:public). No client id:
  // the kit draws a unique one, so two tabs never push each other off.
  client = connectMqtt('mqtt://public:public@localhost');
  client.subscribe('hello');
}

// Called once the broker has accepted us (and again after every reconnection).
function clientConnected() {
  print('connected!');
}

// Called for every message on a topic we subscribed to; `message` is the payload as text.
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
    text('waiting for messages on "hello"…', 20, 40);
  }
  let y = 40;
  for (const line of lines) {
    text(line, 20, y);
    y += 30;
  }
}

// A sketch file is a module: hand p5 the functions it should call.
Object.assign(window, { setup, draw, clientConnected, messageReceived });
new p5();
