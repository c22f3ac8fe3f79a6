import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatRecordingLine, parseRecordingLine, type RecordedMessage } from '../../../src/node/show/recording.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('recording lines', () => {
  it('keep text payloads readable and binary ones as base64 with a flag', () => {
    expect(formatRecordingLine({ ms: 12.4, topic: 'temperatura', payload: bytes('42'), qos: 1, retain: false }))
      .toBe('{"ms":12,"topic":"temperatura","payload":"42","qos":1,"retain":false}');
    expect(formatRecordingLine({ ms: 0, topic: 'cam', payload: new Uint8Array([0, 1, 2, 0xff]), qos: 0, retain: true }))
      .toBe('{"ms":0,"topic":"cam","payload":"AAEC/w==","base64":true,"qos":0,"retain":true}');
  });

  it('give back the same topic, bytes, qos, retain and (whole) milliseconds, whatever the payload', () => {
    const message = fc.record({
      ms: fc.integer({ min: 0, max: 10_000_000 }),
      topic: fc.string({ minLength: 1, maxLength: 40 }).filter((t) => !/[+#\u0000]/.test(t)),
      payload: fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: 'grapheme' }).map(bytes)),
      qos: fc.constantFrom(0 as const, 1 as const, 2 as const),
      retain: fc.boolean(),
    });
    fc.assert(
      fc.property(message, (original: RecordedMessage) => {
        const line = formatRecordingLine(original);
        expect(line).not.toMatch(/[\n\r]/);
        const parsed = parseRecordingLine(line);
        expect(parsed).toEqual({ ...original, payload: expect.any(Uint8Array) });
        expect([...(parsed as RecordedMessage).payload]).toEqual([...original.payload]);
      }),
      { numRuns: 300 },
    );
  });

  it('keep a leading byte-order mark and line breaks inside a text payload', () => {
    const payload = bytes('\uFEFFline one\nline two ✓');
    const parsed = parseRecordingLine(formatRecordingLine({ ms: 5, topic: 'notes', payload, qos: 0, retain: false })) as RecordedMessage;
    expect([...parsed.payload]).toEqual([...payload]);
  });

  it('take a hand-written line without qos and retain', () => {
    expect(parseRecordingLine('{"ms":250,"topic":"hello","payload":"world"}')).toEqual({ ms: 250, topic: 'hello', payload: bytes('world'), qos: 0, retain: false });
  });

  it.each([
    ['{"ms":1,"topic":"a","payl', /not valid JSON/],
    ['[1,2]', /not a JSON object/],
    ['{"topic":"a","payload":"x"}', /"ms" must be a number/],
    ['{"ms":-5,"topic":"a","payload":"x"}', /"ms" must be a number of milliseconds ≥ 0/],
    ['{"ms":1,"topic":"a/#","payload":"x"}', /wildcard/],
    ['{"ms":1,"topic":"","payload":"x"}', /topic is empty/],
    ['{"ms":1,"topic":"a","payload":42}', /"payload" must be a string/],
    ['{"ms":1,"topic":"a","payload":"%%%","base64":true}', /marked base64 but is not/],
    ['{"ms":1,"topic":"a","payload":"x","qos":3}', /"qos" must be 0, 1 or 2/],
    ['{"ms":1,"topic":"a","payload":"x","retain":"yes"}', /"retain" must be true or false/],
  ])('say what is wrong with %s', (line, problem) => {
    const parsed = parseRecordingLine(line);
    expect('problem' in parsed && parsed.problem).toMatch(problem);
  });
});
