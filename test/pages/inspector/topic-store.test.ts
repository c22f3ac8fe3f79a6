import { describe, expect, it } from 'vitest';
import { createMessage } from '../../../src/mqtt/payload.js';
import { MAX_KEPT_BYTES, TopicStore } from '../../../src/pages/inspector/topic-store.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('TopicStore', () => {
  it('keeps the latest message of each topic and counts every message, per topic and per branch', () => {
    const store = new TopicStore();
    for (let i = 0; i < 1000; i++) store.record(createMessage(`flood/${i % 10}`, utf8(`m${i}`)));
    store.record(createMessage('hello', utf8('world'), 1, true));
    store.settle();
    expect(store.received).toBe(1001);
    expect(store.topicCount).toBe(11);
    expect(text(store.topic('flood/3')?.latest?.bytes)).toBe('m993');
    expect(store.topic('flood/3')?.count).toBe(100);
    const flood = store.root.children.find((node) => node.name === 'flood')!;
    expect([flood.total, flood.topics, flood.count, flood.latest]).toEqual([1000, 10, 0, undefined]);
    expect([store.root.total, store.root.topics]).toEqual([1001, 11]);
    expect(store.topic('hello')?.latest).toMatchObject({ qos: 1, retained: true, size: 5 });
  });

  it('orders children as people count: flood/2 before flood/10', () => {
    const store = new TopicStore();
    for (const topic of ['flood/10', 'flood/2', 'flood/b', 'flood/1', 'flood/a']) store.record(createMessage(topic, utf8('x')));
    expect(store.root.children[0]!.children.map((node) => node.name)).toEqual(['1', '2', '10', 'a', 'b']);
  });

  it('gives empty levels a node of their own, as MQTT does', () => {
    const store = new TopicStore();
    store.record(createMessage('/a//b', utf8('x')));
    const names: string[] = [];
    for (let node = store.root.children[0]; node; node = node.children[0]) names.push(node.name);
    expect(names).toEqual(['', 'a', '', 'b']);
    expect(store.topic('/a//b')?.path).toBe('/a//b');
  });

  it('keeps its own copy of a payload, cut at MAX_KEPT_BYTES, never a view of the batch it came in', () => {
    const store = new TopicStore();
    const batch = new Uint8Array(MAX_KEPT_BYTES + 100).fill(65);
    store.record(createMessage('big', batch.subarray(0, MAX_KEPT_BYTES + 50)));
    store.record(createMessage('small', batch.subarray(MAX_KEPT_BYTES + 50)));
    expect(store.settle()).toBe(true);
    const big = store.topic('big')!.latest!;
    expect([big.size, big.bytes.byteLength]).toEqual([MAX_KEPT_BYTES + 50, MAX_KEPT_BYTES]);
    expect(store.topic('small')!.latest!.bytes.buffer).not.toBe(batch.buffer);
    expect(big.bytes.buffer).not.toBe(batch.buffer);
    expect(store.settle()).toBe(false);
  });

  it('counts messages on topics beyond its limit without tracking them', () => {
    const store = new TopicStore(3);
    for (let i = 0; i < 5; i++) store.record(createMessage(`t/${i}`, utf8('x')));
    store.record(createMessage('t/0', utf8('y')));
    expect([store.topicCount, store.received, store.untracked]).toEqual([3, 6, 2]);
    expect(store.topic('t/4')).toBeUndefined();
  });

  it('measures rates over the time between two samples', () => {
    const store = new TopicStore();
    store.sampleRates(0);
    for (let i = 0; i < 30; i++) store.record(createMessage(i % 3 === 0 ? 'a/x' : 'a/y', utf8('1')));
    store.sampleRates(2000);
    expect(store.rate).toBe(15);
    expect(store.topic('a/x')!.rate).toBe(5);
    expect(store.root.children[0]!.rate).toBe(15);
    store.sampleRates(3000);
    expect(store.topic('a/y')!.rate).toBe(0);
  });

  it('forgets everything on clear()', () => {
    const store = new TopicStore();
    store.record(createMessage('a', utf8('1')));
    store.clear();
    expect([store.topicCount, store.received, store.root.children.length, store.settle()]).toEqual([0, 0, 0, false]);
  });
});
