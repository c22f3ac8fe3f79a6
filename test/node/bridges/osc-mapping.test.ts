import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressOfTopic, argumentsOfPayload, numberText, payloadOfArguments, topicOfAddress } from '../../../src/node/bridges/osc-mapping.js';

const text = (value: string | Uint8Array) => (typeof value === 'string' ? value : new TextDecoder().decode(value));
const bytes = (value: string) => new TextEncoder().encode(value);

describe('OSC → MQTT', () => {
  it.each([
    ['/a/b', 'a/b'],
    ['/fader1', 'fader1'],
    ['//x', '/x'],
  ])('address %s is topic %s, and back', (address, topic) => {
    expect(topicOfAddress(address)).toEqual({ topic });
    expect(addressOfTopic(topic)).toBe(address);
  });

  it.each([
    ['a/b', /does not start with '\/'/],
    ['/', /names no topic/],
    ['/a/+/b', /wildcard/],
    ['/a/#', /wildcard/],
  ])('address %s is refused: %s', (address, reason) => {
    const result = topicOfAddress(address);
    expect('error' in result && result.error).toMatch(reason);
  });

  it('one number is its text — float32 noise removed —, one string itself, one blob its bytes, none empty, several a JSON array', () => {
    expect(payloadOfArguments([0.5])).toBe('0.5');
    expect(payloadOfArguments([Math.fround(0.1)])).toBe('0.1');
    expect(payloadOfArguments([Math.fround(23.7)])).toBe('23.7');
    expect(payloadOfArguments([42])).toBe('42');
    expect(payloadOfArguments([-3])).toBe('-3');
    expect(payloadOfArguments(['hello world'])).toBe('hello world');
    expect(payloadOfArguments([true])).toBe('true');
    expect(payloadOfArguments([null])).toBe('');
    expect(payloadOfArguments([])).toBe('');
    const blob = new Uint8Array([0, 255, 7]);
    expect(payloadOfArguments([blob])).toBe(blob);
    expect(payloadOfArguments([1, Math.fround(0.2), 'on', false, null])).toBe('[1,0.2,"on",false,null]');
    expect(payloadOfArguments([1, new Uint8Array([1, 2, 3])])).toBe('[1,"AQID"]');
    expect(payloadOfArguments([NaN, Infinity])).toBe('[null,null]');
  });

  it('fuzz: a float32 prints as the shortest text that reads back as the same float32', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const printed = numberText(value);
        expect(Math.fround(Number(printed))).toBe(value === 0 ? 0 : value);
        // float32 never needs more than 9 significant digits.
        expect(Number(printed).toExponential().replace(/e.*$|[-.]/g, '').length).toBeLessThanOrEqual(9);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('MQTT → OSC', () => {
  it('numeric text is one float, other text one string, empty nothing', () => {
    expect(argumentsOfPayload(bytes('42'))).toEqual([{ type: 'f', value: 42 }]);
    expect(argumentsOfPayload(bytes(' -0.25 '))).toEqual([{ type: 'f', value: -0.25 }]);
    expect(argumentsOfPayload(bytes('world'))).toEqual([{ type: 's', value: 'world' }]);
    expect(argumentsOfPayload(bytes('0x1F'))).toEqual([{ type: 's', value: '0x1F' }]);
    expect(argumentsOfPayload(bytes('{"x":1}'))).toEqual([{ type: 's', value: '{"x":1}' }]);
    expect(argumentsOfPayload(new Uint8Array())).toEqual([]);
  });

  it('a JSON array of plain values is several arguments; anything else in it keeps it one string', () => {
    expect(argumentsOfPayload(bytes('[1, "on", true, null]'))).toEqual([
      { type: 'f', value: 1 }, { type: 's', value: 'on' }, { type: 'T', value: true }, { type: 'N', value: null },
    ]);
    expect(argumentsOfPayload(bytes('[1, [2]]'))).toEqual([{ type: 's', value: '[1, [2]]' }]);
    expect(argumentsOfPayload(bytes('[]'))).toEqual([{ type: 's', value: '[]' }]);
  });

  it('bytes that are not UTF-8 text, or hold a NUL, go as a blob', () => {
    expect(argumentsOfPayload(new Uint8Array([0xff, 0x00]))).toEqual([{ type: 'b', value: Buffer.from([0xff, 0x00]) }]);
    expect(argumentsOfPayload(bytes('a\0b'))).toEqual([{ type: 'b', value: Buffer.from('a\0b') }]);
    // U+FFFD written on purpose is text.
    expect(argumentsOfPayload(bytes('\uFFFD'))).toEqual([{ type: 's', value: '\uFFFD' }]);
  });

  it('fuzz: a value that crosses OSC → MQTT → OSC comes back as it went (numbers as floats)', () => {
    const value = fc.oneof(fc.float({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)), fc.string({ minLength: 1 }).filter((s) => !s.includes('\0') && !/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(s) && !s.trimStart().startsWith('[')));
    fc.assert(
      fc.property(value, (v) => {
        const back = argumentsOfPayload(bytes(text(payloadOfArguments([v]))));
        expect(back).toHaveLength(1);
        // What the far end gets is a float32: the same one that left.
        if (typeof v === 'number') expect(back[0]!.type === 'f' && Math.fround(back[0]!.value)).toBe(v);
        else expect(back).toEqual([{ type: 's', value: v }]);
      }),
      { numRuns: 1000 },
    );
  });
});
