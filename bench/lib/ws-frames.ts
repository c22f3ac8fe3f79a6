import mqttPacket from 'mqtt-packet';
import WebSocket from 'ws';
import { Cleanup, sleep, withTimeout } from './cleanup.js';
import { connectNodeClient } from './context.js';

/**
 * WebSocket frames a broker sends per MQTT message: a bare WebSocket subscriber (CONNECT and
 * SUBSCRIBE written by hand with mqtt-packet) counts frames and bytes while `messages` small
 * PUBLISHes arrive. Every frame is one message event in a browser, so this multiplies what
 * a page pays per message.
 */
export async function framesPerMessage(urls: { tcp: string; ws: string }, messages = 2000): Promise<number> {
  const scope = new Cleanup();
  try {
    const socket = scope.add(new WebSocket(`${urls.ws}/mqtt`, 'mqtt'), 'a bare WebSocket', (s) => s.terminate());
    await withTimeout(new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject)), 5000, 'opening a WebSocket');
    let frames = 0;
    let bytes = 0;
    socket.on('message', (data: Buffer) => {
      frames++;
      bytes += data.length;
    });
    socket.send(mqttPacket.generate({
      cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: `bench-frames-${process.pid}`, keepalive: 60,
      username: 'public', password: Buffer.from('public'),
    }));
    socket.send(mqttPacket.generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'bench/frames', qos: 0 }] }));
    await sleep(300);
    const publisher = await connectNodeClient(urls.tcp, scope);
    const before = { frames, bytes };
    const payload = Buffer.from('42.5');
    for (let i = 0; i < messages; i++) publisher.publish('bench/frames', payload);
    // A PUBLISH of 'bench/frames' + '42.5' at QoS 0 is 2 + 2 + 12 + 4 = 20 bytes.
    const expectedBytes = before.bytes + messages * 20;
    const deadline = Date.now() + 10_000;
    while (bytes < expectedBytes && Date.now() < deadline) await sleep(50);
    return (frames - before.frames) / ((bytes - before.bytes) / 20);
  } finally {
    await scope.run();
  }
}
