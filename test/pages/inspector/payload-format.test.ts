import { describe, expect, it } from 'vitest';
import { MAX_HEX_BYTES, formatPayload, formatRate, hexDump, previewPayload } from '../../../src/pages/inspector/payload-format.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const shown = (text: string, view: 'text' | 'json' | 'hex') => formatPayload(utf8(text), utf8(text).byteLength, view);

describe('payload views', () => {
  it('shows JSON pretty-printed, and text that is not JSON as text with a note', () => {
    expect(shown('{"x":1,"tags":["a"]}', 'json')).toEqual({ text: '{\n  "x": 1,\n  "tags": [\n    "a"\n  ]\n}' });
    expect(shown('{"x":', 'json')).toEqual({ text: '{"x":', note: 'Not valid JSON; shown as text.' });
    expect(shown('42', 'json').text).toBe('42');
  });

  it('dumps bytes as offset, hex and printable characters, 16 a line', () => {
    const dump = hexDump(new Uint8Array([...utf8('hello, inspector!'), 0, 255]));
    expect(dump.split('\n')).toEqual([
      '00000000  68 65 6c 6c 6f 2c 20 69  6e 73 70 65 63 74 6f 72  |hello, inspector|',
      '00000010  21 00 ff                                          |!..|',
    ]);
  });

  it('cuts long hex dumps and says how much was shown', () => {
    const bytes = new Uint8Array(MAX_HEX_BYTES * 2);
    const { text, note } = formatPayload(bytes, bytes.byteLength, 'hex');
    expect(text.split('\n')).toHaveLength(MAX_HEX_BYTES / 16);
    expect(note).toBe('Showing the first 4.0 KB of 8.0 KB.');
  });

  it('says when a payload is empty or was kept only in part', () => {
    expect(formatPayload(new Uint8Array(), 0, 'text')).toEqual({ text: '', note: 'Empty payload (0 bytes).' });
    expect(formatPayload(utf8('abc'), 2048, 'text').note).toBe('Showing the first 3 B of 2.0 KB.');
  });

  it('previews a payload on one line, shortened', () => {
    expect(previewPayload(utf8('line one\nline two\r\n\tend'))).toBe('line one line two end');
    expect(previewPayload(utf8('x'.repeat(200)), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(previewPayload(new Uint8Array([0xff, 0xfe]))).toBe('\uFFFD\uFFFD');
  });

  it('rounds rates for reading at a glance', () => {
    expect([0, 0.04, 0.44, 9.96, 12.4, 9999, 20_400].map(formatRate)).toEqual(['0', '0', '0.4', '10', '12', '9999', '20k']);
  });
});
