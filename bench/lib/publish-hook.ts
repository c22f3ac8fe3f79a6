import type { AedesPublishPacket, Client } from 'aedes';
import type { RunningBroker } from '../../src/node/broker/index.js';

const PACKET: AedesPublishPacket = {
  cmd: 'publish', topic: 'bench/hook', payload: Buffer.from('42.5'), qos: 0, retain: false, dup: false, messageId: undefined, brokerId: 'bench', brokerCounter: 0,
} as unknown as AedesPublishPacket;
const CLIENT = { id: 'bench-hook' } as Client;

/**
 * Nanoseconds per message that the broker's own listeners on aedes' 'publish' event take
 * (the event every client message passes through, where the activity feed counts): the
 * event emitted `messages` times in a row, in this process, on a broker made by
 * createBroker. Cheap and steady enough to compare two brokers a few times over.
 */
export function publishHookNanos(broker: RunningBroker, messages = 500_000): number {
  const { aedes } = broker;
  const start = process.hrtime.bigint();
  for (let i = 0; i < messages; i++) aedes.emit('publish', PACKET, CLIENT);
  return Number(process.hrtime.bigint() - start) / messages;
}
