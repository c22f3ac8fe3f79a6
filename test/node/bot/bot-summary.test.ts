import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { summariseBot } from '../../../src/node/bot/bot-summary.js';
import type { BotLineKind, BotReading } from '../../../src/node/bot/sensor-bot.js';

/** What the bot says about one reading of `topic` = `value`, its own echo included. */
const reading = (topic: string, value: string): [string, BotLineKind, BotReading?][] => [
  [`publishing ${topic} = ${value}`, 'publishing'],
  [`published ${topic} = ${value} (acknowledged by the broker)`, 'acknowledged', { topic, value }],
  [`received ${topic}: ${value}`, 'received', { topic, value }],
];

describe('the kit bot in the terminal', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sums up its readings once a minute, and says connection news and errors at once', () => {
    const lines: string[] = [];
    const summary = summariseBot((line) => lines.push(line), { everyMs: 60_000, level: 'normal' });
    summary.print("connected to mqtt://127.0.0.1:1883 as 'kit-bot'", 'status');
    for (const [topic, value] of [['temperatura', '3'], ['umidade', '40'], ['temperatura', '7']] as const) {
      for (const args of reading(topic, value)) summary.print(...args);
    }
    summary.print('received umidade: from a sketch', 'received', { topic: 'umidade', value: 'from a sketch' });
    expect(lines).toEqual(["connected to mqtt://127.0.0.1:1883 as 'kit-bot'"]);
    vi.advanceTimersByTime(60_000);
    expect(lines.at(-1)).toBe('last minute: 3 readings published and acknowledged, 4 received; latest: temperatura 7, umidade from a sketch');
    summary.print('error: the broker refused the user name or password', 'error');
    expect(lines.at(-1)).toBe('error: the broker refused the user name or password');
    // A quiet minute adds nothing.
    const before = lines.length;
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(before);
    summary.stop();
  });

  it('prints only errors with --quiet, and every line with --verbose', () => {
    for (const level of ['quiet', 'verbose'] as const) {
      const lines: string[] = [];
      const summary = summariseBot((line) => lines.push(line), { everyMs: 60_000, level });
      summary.print('connected', 'status');
      for (const args of reading('temperatura', '3')) summary.print(...args);
      summary.print('error: lost', 'error');
      vi.advanceTimersByTime(120_000);
      expect(lines).toEqual(level === 'quiet' ? ['error: lost'] : ['connected', 'publishing temperatura = 3', 'published temperatura = 3 (acknowledged by the broker)', 'received temperatura: 3', 'error: lost']);
      summary.stop();
    }
  });

  it('stops summing up when stopped', () => {
    const lines: string[] = [];
    const summary = summariseBot((line) => lines.push(line), { everyMs: 1000, level: 'normal' });
    for (const args of reading('umidade', '1')) summary.print(...args);
    summary.stop();
    vi.advanceTimersByTime(5000);
    expect(lines).toEqual([]);
  });
});
