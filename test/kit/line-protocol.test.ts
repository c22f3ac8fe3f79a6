import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineReader, MAX_LINE_BYTES, parseLine, type ParsedLine } from '../../src/kit/line-protocol.js';
import { topicProblem } from '../../src/mqtt/topics.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const messages = (lines: ParsedLine[]) => lines.filter((l) => l.kind === 'message').map((l) => [l.topic, l.payload]);

describe('parseLine', () => {
  it.each([
    ['temperatura:23.5', 'temperatura', '23.5'],
    ['temperatura 23.5', 'temperatura', '23.5'],
    ['temperatura: 23.5', 'temperatura', '23.5'],
    ['temperatura : 23.5', 'temperatura', '23.5'],
    ['  sensors/kitchen/temp\t21 \r', 'sensors/kitchen/temp', '21'],
    ['pos {"x":1,"y":2}', 'pos', '{"x":1,"y":2}'],
    ['pos:{"x":1}', 'pos', '{"x":1}'],
    ['msg hello world', 'msg', 'hello world'],
    ['cor:#ff0000', 'cor', '#ff0000'],
    ['time 12:30', 'time', '12:30'],
  ])('%j → %s = %s', (line, topic, payload) => {
    expect(parseLine(line)).toEqual({ kind: 'message', topic, payload });
  });

  it.each(['', '   ', '\r', '# a comment', '  # indented comment', '#temperatura:1'])('%j is skipped', (line) => {
    expect(parseLine(line)).toEqual({ kind: 'skip' });
  });

  it.each([
    ['temperatura', /no value after the topic.*temperatura:23\.5/],
    ['temperatura:', /no value after 'temperatura'/],
    [':23.5', /no topic before ':'/],
    ['sensors/+/temp 1', /wildcard/],
    ['a/# 1', /wildcard/],
    ['t\u0001\u0002 1', /not text.*baud/],
    ['t:\uFFFD\uFFFD', /not text/],
    [`${'x'.repeat(200)} 1`, /bytes long/],
  ])('%j is an error saying %s', (line, reason) => {
    const parsed = parseLine(line);
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' && parsed.reason).toMatch(reason);
  });

  it('quotes a bad line short and with control characters visible, so a log stays one line', () => {
    const parsed = parseLine(`t\u001b[2J ${'y'.repeat(100)}`);
    expect(parsed.kind === 'error' && parsed.line).toMatch(/^t\\x1b\[2J y+…$/);
    expect(parsed.kind === 'error' && parsed.line.length).toBe(60);
  });

  it('fuzz: never throws; a message always has a publishable topic and a trimmed, non-empty payload', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (line) => {
        const parsed = parseLine(line);
        if (parsed.kind !== 'message') return;
        expect(topicProblem(parsed.topic)).toBeUndefined();
        expect(parsed.topic).not.toMatch(/[:\s]/);
        expect(parsed.payload).toBe(parsed.payload.trim());
        expect(parsed.payload).not.toBe('');
      }),
      { numRuns: 2000 },
    );
  });

  it('fuzz: what a board prints with either separator reads back as the topic and value it printed', () => {
    const topic = fc.stringMatching(/^[a-z0-9_/.-]{1,40}$/).filter((t) => topicProblem(t) === undefined);
    const value = fc.stringMatching(/^[!-~][ -~]{0,40}$/).map((v) => v.trim()).filter((v) => v !== '' && !v.startsWith(':'));
    fc.assert(
      fc.property(topic, value, fc.constantFrom(':', ' ', ': ', ' : ', '\t'), (t, v, separator) => {
        expect(parseLine(`${t}${separator}${v}`)).toEqual({ kind: 'message', topic: t, payload: v });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('LineReader', () => {
  it('reads \\n, \\r\\n and lone \\r endings, and keeps a line cut across chunks', () => {
    const reader = new LineReader();
    const out = [
      ...reader.push(bytes('temperatura:23.5\r\numi')),
      ...reader.push(bytes('dade 40\n\n# comment\rluz:')),
      ...reader.push(bytes('7')),
    ];
    expect(messages(out)).toEqual([['temperatura', '23.5'], ['umidade', '40']]);
    // 'luz:7' has no ending yet: it waits for one.
    expect(messages(reader.push(bytes('\n')))).toEqual([['luz', '7']]);
  });

  it('decodes UTF-8 split across chunks', () => {
    const reader = new LineReader();
    const whole = bytes('café 1\n');
    const out = [...reader.push(whole.subarray(0, 4)), ...reader.push(whole.subarray(4))];
    expect(messages(out)).toEqual([['café', '1']]);
  });

  it('drops a line past the limit, says so once, and reads the next line normally', () => {
    const reader = new LineReader(16);
    const out = reader.push(bytes(`${'z'.repeat(5000)}\nok 1\n`));
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ kind: 'error', reason: expect.stringMatching(/longer than 16 bytes/) });
    expect(messages(out)).toEqual([['ok', '1']]);
  });

  it(`fuzz: any bytes cut anywhere read the same as in one piece, and no line is kept past ${MAX_LINE_BYTES} bytes`, () => {
    const noisy = fc.array(
      fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constantFrom('t:1\n', 'a b\r\n', '\r', '# c\n').map(bytes)),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(noisy, fc.array(fc.nat(2000), { maxLength: 8 }), (parts, cuts) => {
        const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const part of parts) (all.set(part, at), (at += part.length));
        const whole = new LineReader(64).push(all);
        const reader = new LineReader(64);
        const pieces: ParsedLine[] = [];
        let from = 0;
        for (const cut of [...cuts.map((c) => c % (all.length + 1)), all.length].sort((a, b) => a - b)) {
          pieces.push(...reader.push(all.subarray(from, Math.max(from, cut))));
          from = Math.max(from, cut);
        }
        expect(pieces).toEqual(whole);
        for (const line of whole) if (line.kind === 'message') expect(bytes(`${line.topic} ${line.payload}`).length).toBeLessThanOrEqual(64);
      }),
      { numRuns: 500 },
    );
  });
});
