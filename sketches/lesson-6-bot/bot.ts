/**
 * lesson-6-bot/bot.ts — your own bot, in Node (docs/lessons/lesson-6.md).
 *
 * A dice bot built on the kit's helper `connect()`, like the tutorial's Python bot: it
 * connects to the broker, rolls a die every 3 s and publishes the result (1–6) on `dado`
 * with QoS 1, printing when the broker has acknowledged it, and rolls at once whenever a
 * message arrives on `dado/pedido`, printing that message. Ctrl-C disconnects and stops it.
 * Try it: `npm start` in one terminal, `npx tsx sketches/lesson-6-bot/bot.ts` in another,
 * and open /sketches/lesson-6-bot/ to see the die. If `npm start` printed another TCP port
 * than 1883, give the bot the URL: `npx tsx sketches/lesson-6-bot/bot.ts
 * mqtt://public:public@localhost:1884`.
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

// Someone asks for a roll: roll now.
client.subscribe('dado/pedido', (message) => {
  console.log('received ' + message.topic + ': ' + message.text);
  roll();
});

async function roll() {
  const value = Math.floor(Math.random() * 6) + 1;
  // QoS 1: the promise becomes true once the broker has acknowledged the message.
  const ok = await client.publish('dado', String(value), { qos: 1 });
  if (ok) console.log('published dado = ' + value);
}

// And every 3 seconds by itself, like the tutorial's bot.
const timer = setInterval(roll, 3000);

// Ctrl-C: say goodbye to the broker, then stop.
process.on('SIGINT', async () => {
  clearInterval(timer);
  await client.disconnect();
  process.exit(0);
});
