import { writeFileSync } from 'node:fs';
import { formatRecordingLine } from '../../src/node/show/recording.js';

/**
 * Writes a recording as `npm run record` would have made it of a rehearsal: `seconds` of
 * `rate` messages a second, half on `hello`, half sensor readings on a slow sine (so the
 * sensors page moves), evenly spaced. Returns the number of messages.
 */
export function writeShowRecording(file: string, rate: number, seconds: number): number {
  const topics = ['temperatura', 'umidade', 'luminosidade'];
  const count = Math.round(rate * seconds);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const ms = (i * 1000) / rate;
    const sensor = topics[Math.floor(i / 2) % topics.length]!;
    const value = Math.round(50 + 45 * Math.sin((2 * Math.PI * ms) / (seconds * 1000)));
    const [topic, text] = i % 2 === 0 ? ['hello', `replay ${i}`] : [sensor, String(value)];
    lines.push(formatRecordingLine({ ms, topic, payload: new TextEncoder().encode(text), qos: 0, retain: false }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return count;
}
