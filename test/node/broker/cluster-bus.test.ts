import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClusterBus } from '../../../src/node/broker/cluster-bus.js';
import { redisPath, useRedis } from '../../fixtures/redis.js';
import { waitFor } from './harness.js';


type Message = { topic: string; payload?: unknown; [key: string]: unknown };
interface Bus {
  on(topic: string, listener: (message: Message, done: () => void) => void, subscribed?: () => void): void;
  emit(message: Message, done?: (error?: Error) => void): void;
  close(done: () => void): void;
}

describe.skipIf(!redisPath)('the cluster bus (mqemitter-redis, own messages delivered at once)', () => {
  const redis = useRedis();
  const connections: Redis[] = [];
  afterAll(() => {
    for (const connection of connections) connection.disconnect();
  });

  async function bus(nodeId: string): Promise<{ bus: Bus; heard: string[] }> {
    const pair = [new Redis(redis.server.url), new Redis(redis.server.url)] as const;
    connections.push(...pair);
    const created = createClusterBus(pair[0], pair[1], nodeId) as Bus;
    const heard: string[] = [];
    await new Promise<void>((resolve) => created.on('#', (message, done) => (heard.push(`${message.topic} ${String(message.payload)}`), done()), resolve));
    return { bus: created, heard };
  }

  it('delivers a node\'s message to its own listeners before Redis answers, and to other nodes once, unmarked', async () => {
    const [a, b] = [await bus('node-a'), await bus('node-b')];
    let doneCalled = false;
    a.bus.emit({ topic: 'hello', payload: 'world' }, () => (doneCalled = true));
    // Synchronously: no Redis round trip before the local listeners run.
    expect(a.heard).toEqual(['hello world']);
    await waitFor(() => b.heard.length === 1 && doneCalled, 'the message on the other node');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Its own copy coming back from Redis is skipped; the other node's has no mark.
    expect(a.heard).toEqual(['hello world']);
    expect(b.heard).toEqual(['hello world']);
  });

  it("sends a node's birth as its first heartbeat too, so others don't take it for dead", async () => {
    const [a, b] = [await bus('node-c'), await bus('node-d')];
    a.bus.emit({ topic: '$SYS/node-c/birth', payload: 'node-c' });
    await waitFor(() => b.heard.includes('$SYS/node-c/heartbeat node-c'), 'the heartbeat on the other node');
    expect(b.heard).toEqual(['$SYS/node-c/birth node-c', '$SYS/node-c/heartbeat node-c']);
    expect(a.heard).toEqual(b.heard);
  });
});
