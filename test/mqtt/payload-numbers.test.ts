import { describe, expect, it } from 'vitest';
import { createMessage, encodePayload, type Payload } from '../../src/mqtt/payload.js';

/**
 * Numbers both ways. Received: `message.number` reads numeric text of up to 64 characters
 * (longer text is no reading, and is never scanned); sent: a number goes as the text
 * `String()` gives, NaN and Infinity included, where JSON would send `null`, and a bigint as
 * its digits (JSON.stringify throws on one).
 */
const received = (text: string) => createMessage('t', new TextEncoder().encode(text)).number;
const sent = (value: Payload | bigint) => new TextDecoder().decode(encodePayload(value as Payload));

describe('numbers in payloads', () => {
  it('reads numeric text of exactly 64 characters, and none of 65', () => {
    expect(received('1'.repeat(64))).toBe(Number('1'.repeat(64)));
    expect(received(`${'0'.repeat(64)}1`)).toBeUndefined();
    expect(received(` ${'0'.repeat(62)}7`)).toBe(7);
  });

  it('sends NaN and ±Infinity as their text, not as JSON null', () => {
    expect([sent(NaN), sent(Infinity), sent(-Infinity)]).toEqual(['NaN', 'Infinity', '-Infinity']);
  });

  it('sends a bigint as its digits', () => {
    expect(sent(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('sends an object whose toJSON gives nothing as an empty payload', () => {
    expect(encodePayload({ toJSON: () => undefined }).length).toBe(0);
  });
});
