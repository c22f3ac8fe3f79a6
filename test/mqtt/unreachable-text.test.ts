import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/mqtt/connect.js';
import type { MqttClient } from '../../src/mqtt/client.js';
import { freePort } from '../fixtures/mosquitto.js';

/** The first "could not connect" text a client shows for `url`. */
async function firstUnreachableText(url: string): Promise<string> {
  const client = connect(url, 'unreachable-test', { reconnect: { min: 200, max: 200 } });
  clients.push(client);
  return new Promise((resolve) => client.on('status', ({ text }) => void (text.startsWith('Could not connect') && resolve(text))));
}
const clients: MqttClient[] = [];

describe('what an unreachable broker is said to be, by where it is', () => {
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.disconnect()));
  });

  it('a cloud broker: is this computer online? (a name that resolves nowhere stands in for an offline one)', async () => {
    expect(await firstUnreachableText('mqtt://public:public@broker.example.invalid:1883')).toMatch(/\. Is this computer online\? If websites open, this network may block the broker's port/);
  });

  it('a broker on this computer: is the broker running?', async () => {
    expect(await firstUnreachableText(`mqtt://127.0.0.1:${await freePort()}`)).toMatch(/\. Is the broker running\?$/);
  });
});
