import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packMessages, unpackMessages } from '../../../src/mqtt/worker/packed-messages.js';
import type { WireMessage } from '../../../src/mqtt/transport.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('packed message batches (worker → page)', () => {
  it('round-trips topics, payloads, QoS and retained, in order', () => {
    const messages: WireMessage[] = [
      { topic: 'hello', payload: bytes('world'), qos: 0, retained: false },
      { topic: 'temperatura', payload: bytes(''), qos: 1, retained: true },
      { topic: 'hello', payload: new Uint8Array([0, 255, 128]), qos: 2, retained: false },
    ];
    const { packed, transfer } = packMessages(messages);
    expect(packed.topics).toEqual(['hello', 'temperatura']);
    expect(transfer).toHaveLength(4);
    expect(unpackMessages(packed)).toEqual(messages);
  });

  it('copies payloads out of a shared receive buffer, so the buffer is not posted whole', () => {
    const receive = new Uint8Array(64 * 1024).fill(7);
    const { packed } = packMessages([{ topic: 't', payload: receive.subarray(10, 13), qos: 0, retained: false }]);
    expect(packed.bytes.buffer.byteLength).toBe(3);
    expect([...packed.bytes]).toEqual([7, 7, 7]);
  });

  it('survives a real MessageChannel with the buffers transferred', async () => {
    const { port1, port2 } = new MessageChannel();
    const got = new Promise<unknown>((resolve) => port1.addEventListener('message', (event) => resolve(event.data), { once: true }));
    port1.start();
    const { packed, transfer } = packMessages([{ topic: 'a/b', payload: bytes('42.5'), qos: 1, retained: false }]);
    port2.postMessage(packed, transfer);
    expect(packed.bytes.byteLength).toBe(0); // moved, not copied
    const [message] = unpackMessages((await got) as typeof packed);
    expect([message!.topic, new TextDecoder().decode(message!.payload), message!.qos]).toEqual(['a/b', '42.5', 1]);
    port1.close();
    port2.close();
  });

  it('round-trips any batch (property)', () => {
    const message = fc.record({
      topic: fc.string({ minLength: 1, maxLength: 20 }),
      payload: fc.uint8Array({ maxLength: 300 }),
      qos: fc.constantFrom(0 as const, 1 as const, 2 as const),
      retained: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(message, { maxLength: 50 }), (messages) => {
      expect(unpackMessages(packMessages(messages).packed)).toEqual(messages);
    }));
  });
});
