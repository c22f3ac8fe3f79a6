/**
 * _lesson-6-bot-solution/bot.ts — lesson 6's exercise, solved (docs/lessons/lesson-6.md).
 *
 * Lesson 6's dice bot with dice of any size: a message on `dado/pedido` that is a whole
 * number of at least 2 (`20`) asks for a die with that many sides, and the roll is published
 * on `dado` as before; anything else (`rolar`, what lesson 6's page sends) still rolls a
 * six-sided one, and so does the roll every 3 s. The lesson's page draws numbers above 6 as
 * the number itself. Try it: `npm start`, `npx tsx sketches/_lesson-6-bot-solution/bot.ts`,
 * open /sketches/lesson-6-bot/, then ask for a twenty-sided roll from a terminal:
 * `mosquitto_pub -h localhost -u public -P public -t dado/pedido -m 20` (with `-p` and the
 * TCP port `npm start` printed, if 1883 was taken).
 */
import { connect } from '../../src/index.js';

// The broker, as in a sketch; in Node `mqtt://` is plain MQTT over TCP, port 1883.
const url = process.argv[2] ?? 'mqtt://public:public@localhost:1883';
// No client id: the kit draws a unique one, so two students' bots never push each other off.
const client = connect(url);

// What the connection is doing, in words: connecting, connected, reconnecting, or what went wrong.
client.on('status', ({ status, text }) => {
  console.log(text);
  if (status === 'error') process.exit(1);
});

// Someone asks for a roll: "20" means a twenty-sided die, anything else a six-sided one.
client.subscribe('dado/pedido', (message) => {
  console.log('received ' + message.topic + ': ' + message.text);
  // message.number is the payload as a number, or undefined when it is not one ("rolar").
  const sides = message.number;
  if (sides !== undefined && Number.isInteger(sides) && sides >= 2) {
    roll(sides);
  } else {
    roll(6);
  }
});

async function roll(sides: number) {
  const value = Math.floor(Math.random() * sides) + 1;
  // QoS 1: the promise becomes true once the broker has acknowledged the message.
  const ok = await client.publish('dado', String(value), { qos: 1 });
  if (ok) console.log('published dado = ' + value);
}

// And a six-sided roll every 3 seconds by itself, like the tutorial's bot.
const timer = setInterval(() => roll(6), 3000);

// Ctrl-C: say goodbye to the broker, then stop.
process.on('SIGINT', async () => {
  clearInterval(timer);
  await client.disconnect();
  process.exit(0);
});
