import { describe, expect, it } from 'vitest';
import { createMessage, encodePayload, type Payload } from '../../src/mqtt/payload.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const message = (text: string) => createMessage('t', utf8(text));

describe('createMessage', () => {
  it('exposes topic, bytes and text', () => {
    const bytes = utf8('hola ñ 😀');
    const m = createMessage('sensors/temp', bytes, 1, true);
    expect(m.topic).toBe('sensors/temp');
    expect(m.bytes).toBe(bytes);
    expect(m.text).toBe('hola ñ 😀');
    expect(m.qos).toBe(1);
    expect(m.retained).toBe(true);
  });

  it('defaults qos to 0 and retained to false', () => {
    const m = createMessage('t', utf8('x'));
    expect(m.qos).toBe(0);
    expect(m.retained).toBe(false);
  });

  it('toString equals text, so template strings read naturally', () => {
    const m = message('21.5');
    expect(m.toString()).toBe(m.text);
    expect(`${m}`).toBe('21.5');
    expect('' + m).toBe('21.5');
  });

  it.each([
    ['42', 42],
    [' -3.5 ', -3.5],
    ['1e3', 1000],
    ['+7', 7],
    ['.5', 0.5],
    ['0', 0],
    ['\n12\n', 12],
  ])('reads %j as the number %d', (text, value) => {
    expect(message(text).number).toBe(value);
  });

  it.each(['abc', '', ' ', 'NaN', 'Infinity', '-Infinity', '0x1F', '1e999', '-1e999', '12abc', '1,5', '0b11', '1_000', '[]', 'true'])(
    'reads %j as no number',
    (text) => {
      expect(message(text).number).toBeUndefined();
    },
  );

  it('parses JSON and returns undefined for invalid JSON', () => {
    expect(message('{"a":[1,2,{"b":"c"}]}').json).toEqual({ a: [1, 2, { b: 'c' }] });
    expect(message('[1, "x", null]').json).toEqual([1, 'x', null]);
    expect(message('3.25').json).toBe(3.25);
    expect(message('"text"').json).toBe('text');
    for (const text of ['{a:1}', "{'a':1}", '', 'abc', '{"a":1', 'NaN', '[1,]']) {
      expect(message(text).json, text).toBeUndefined();
    }
  });

  it('returns the same parsed JSON object on every read', () => {
    const m = message('{"a":1}');
    expect(m.json).toBe(m.json);
  });

  it('does not let a __proto__ key pollute prototypes', () => {
    const m = message('{"__proto__": {"polluted": 1}, "ok": true, "nested": {"__proto__": {"polluted": 2}}}');
    const value = m.json as Record<string, unknown>;
    expect(value).toBeDefined();
    expect(value.ok).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(value.nested, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(value.polluted).toBeUndefined();
    // Merging the result downstream must not pollute either.
    const merged = Object.assign({}, value);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });

  it('replaces invalid UTF-8 with U+FFFD and does not throw', () => {
    const m = createMessage('t', new Uint8Array([0xff, 0xfe, 0x41]));
    expect(() => m.text).not.toThrow();
    expect(m.text).toContain('\uFFFD');
    expect(m.text).toContain('A');
    expect(m.number).toBeUndefined();
    expect(m.json).toBeUndefined();
  });

  it('survives 1 MB of random bytes', () => {
    const bytes = new Uint8Array(1024 * 1024);
    let seed = 0x9e3779b9;
    for (let i = 0; i < bytes.length; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      bytes[i] = seed & 0xff;
    }
    const m = createMessage('t', bytes);
    expect(typeof m.text).toBe('string');
    expect(m.text.length).toBeGreaterThan(0);
    expect(m.number).toBeUndefined();
    expect(() => m.json).not.toThrow();
    expect(m.toString()).toBe(m.text);
  });

  it('survives JSON nested 100 000 levels deep', () => {
    const depth = 100_000;
    const m = message('['.repeat(depth) + ']'.repeat(depth));
    let json: unknown;
    expect(() => {
      json = m.json;
    }).not.toThrow();
    expect(json === undefined || Array.isArray(json)).toBe(true);
    expect(m.number).toBeUndefined();
  });

  it('normalises qos and retained', () => {
    expect(createMessage('t', utf8(''), 5).qos).toBe(0);
    expect(createMessage('t', utf8(''), -1).qos).toBe(0);
    expect(createMessage('t', utf8(''), 1.5).qos).toBe(0);
    expect(createMessage('t', utf8(''), Number.NaN).qos).toBe(0);
    expect(createMessage('t', utf8(''), 2).qos).toBe(2);
    expect(createMessage('t', utf8(''), 0, 1 as unknown as boolean).retained).toBe(true);
    expect(createMessage('t', utf8(''), 0, 0 as unknown as boolean).retained).toBe(false);
  });

  it('never throws for bytes that are not a Uint8Array', () => {
    const m = createMessage('t', 'oops' as unknown as Uint8Array);
    expect(m.bytes).toBeInstanceOf(Uint8Array);
    expect(m.bytes.length).toBe(0);
    expect(m.text).toBe('');
  });
});

describe('encodePayload', () => {
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  it('encodes a string as UTF-8', () => {
    expect([...encodePayload('é€')]).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac]);
    expect(text(encodePayload('hola'))).toBe('hola');
    expect(encodePayload('').length).toBe(0);
  });

  it('encodes numbers and booleans as their text', () => {
    expect(text(encodePayload(42))).toBe('42');
    expect(text(encodePayload(-3.5))).toBe('-3.5');
    expect(text(encodePayload(true))).toBe('true');
    expect(text(encodePayload(false))).toBe('false');
  });

  it('sends a Uint8Array as the same bytes', () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const encoded = encodePayload(bytes);
    expect([...encoded]).toEqual([0, 1, 2, 255]);
    expect(encoded).toBe(bytes);
  });

  it('sends an ArrayBuffer as its bytes', () => {
    const buffer = new Uint8Array([9, 8, 7]).buffer;
    const encoded = encodePayload(buffer);
    expect(encoded).toBeInstanceOf(Uint8Array);
    expect([...encoded]).toEqual([9, 8, 7]);
  });

  it('sends the bytes of a DataView, respecting its offset and length', () => {
    const buffer = new Uint8Array([1, 2, 3, 4, 5, 6]).buffer;
    const encoded = encodePayload(new DataView(buffer, 2, 3));
    expect([...encoded]).toEqual([3, 4, 5]);
  });

  it('sends the bytes of a Float32Array view, respecting its offset', () => {
    const floats = new Float32Array([1.5, -2, 3.25]);
    const view = floats.subarray(1);
    const encoded = encodePayload(view);
    expect(encoded.byteLength).toBe(8);
    const back = new Float32Array(encoded.slice().buffer);
    expect([...back]).toEqual([-2, 3.25]);
  });

  it('sends objects and arrays as JSON', () => {
    expect(text(encodePayload({ a: 1, b: [true, 'x'] }))).toBe('{"a":1,"b":[true,"x"]}');
    expect(text(encodePayload([1, 2]))).toBe('[1,2]');
    expect(JSON.parse(text(encodePayload({ when: new Date(0) })))).toEqual({ when: '1970-01-01T00:00:00.000Z' });
  });

  it('sends null and undefined as an empty payload', () => {
    expect(encodePayload(null).length).toBe(0);
    expect(encodePayload(undefined).length).toBe(0);
  });

  it('refuses a function with a readable TypeError', () => {
    const fn = () => 1;
    expect(() => encodePayload(fn as unknown as Payload)).toThrow(TypeError);
    expect(() => encodePayload(fn as unknown as Payload)).toThrow(/Cannot publish a function/);
    expect(() => encodePayload(fn as unknown as Payload)).toThrow(/text, a number, bytes or an object/);
  });

  it('refuses a symbol with a readable TypeError', () => {
    expect(() => encodePayload(Symbol('s') as unknown as Payload)).toThrow(/Cannot publish a symbol/);
  });

  it('refuses a cyclic object with a TypeError that mentions JSON', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => encodePayload(cyclic)).toThrow(TypeError);
    expect(() => encodePayload(cyclic)).toThrow(/JSON/);
  });

  it('refuses an object holding a BigInt with a TypeError that mentions JSON', () => {
    expect(() => encodePayload({ n: 1n })).toThrow(TypeError);
    expect(() => encodePayload({ n: 1n })).toThrow(/JSON/);
  });

  it('round-trips through createMessage', () => {
    expect(createMessage('t', encodePayload(42)).number).toBe(42);
    expect(createMessage('t', encodePayload({ x: [1] })).json).toEqual({ x: [1] });
    expect(createMessage('t', encodePayload('ñ')).text).toBe('ñ');
  });
});
