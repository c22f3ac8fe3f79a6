import type { LogLevel } from '../broker/log.js';
import type { BotLineKind, BotReading } from './sensor-bot.js';

/** A bot's `print`, filtered by log level, plus the timer to stop on shutdown. */
export interface BotSummary {
  print(line: string, kind: BotLineKind, reading?: BotReading): void;
  stop(): void;
}

/**
 * The kit's bot speaks three lines per reading, every 3 s: within seconds they scrolled the
 * banner (and the generated admin password) off the teacher's screen. At `normal` level the
 * readings become one line per `everyMs`; connection news and errors still come at once.
 * `verbose` passes every line, `quiet` only errors, as the broker's own log does.
 *
 * @example
 * const summary = summariseBot((line) => console.log(`[bot] ${line}`), { everyMs: 60_000, level: 'normal' });
 * startSensorBot({ …, print: summary.print });
 */
export function summariseBot(out: (line: string) => void, options: { everyMs: number; level: LogLevel }): BotSummary {
  const { everyMs, level } = options;
  let published = 0;
  let received = 0;
  const latest = new Map<string, string>();
  const report = () => {
    if (published === 0 && received === 0) return;
    const values = [...latest].map(([topic, value]) => `${topic} ${value}`).join(', ');
    out(`last ${describeSpan(everyMs)}: ${published} readings published and acknowledged, ${received} received; latest: ${values}`);
    published = 0;
    received = 0;
  };
  const timer = level === 'normal' ? setInterval(report, everyMs) : undefined;
  // The summary must never keep a stopping process alive.
  timer?.unref();
  return {
    print(line, kind, reading) {
      if (kind === 'error' || level === 'verbose') return out(line);
      if (level === 'quiet') return;
      if (kind === 'status') return out(line);
      if (kind === 'acknowledged') published++;
      if (kind === 'received') received++;
      if (reading && kind !== 'publishing') latest.set(reading.topic, reading.value);
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}

function describeSpan(ms: number): string {
  if (ms === 60_000) return 'minute';
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
