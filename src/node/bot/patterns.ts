/** How the bot's readings move over time. */
export type PatternName = 'random' | 'sine' | 'walk' | 'daycycle';

export const PATTERN_NAMES: readonly PatternName[] = ['random', 'sine', 'walk', 'daycycle'];

export function isPatternName(name: string): name is PatternName {
  return (PATTERN_NAMES as readonly string[]).includes(name);
}

/** The next reading for `topic`, `elapsedMs` after the bot started: an integer 0–100. */
export type Signal = (topic: string, elapsedMs: number) => number;

export interface SignalOptions {
  /** 0 ≤ random() < 1; injectable so tests can pin values. */
  random?: () => number;
  /** sine: one full wave (default 60 s). */
  periodMs?: number;
  /** daycycle: how long a day lasts (default 4 minutes). */
  dayMs?: number;
}

/** walk: the most a reading moves from the one before on its topic. */
export const WALK_MAX_STEP = 5;
const DEFAULT_PERIOD_MS = 60_000;
const DEFAULT_DAY_MS = 4 * 60_000;
// daycycle starts at 6:00, sunrise, so a demo shows the light coming up instead of a night.
const DAY_START = 0.25;

/**
 * A signal for the bot. Readings stay integers 0–100, as the tutorial's random ones are,
 * so a sketch written for the tutorial (`int(message)`, a 0–100 scale) works with any.
 *
 * - `random`: a random integer 0–100 each time (the tutorial's bot).
 * - `sine`: a smooth wave between 0 and 100; each topic a third of a wave apart.
 * - `walk`: each reading at most ±5 from its topic's last, kept within 0–100.
 * - `daycycle`: a day in a few minutes, by the topic's name — light (`luminosidade`,
 *   `light`, `lux`) near 5 at night and near 95 at noon; temperature (`temperatura`, and any
 *   other name) peaking mid-afternoon, after the light; humidity (`umidade`, `humidity`)
 *   the inverse of temperature; each with a little noise.
 *
 * @example
 * const signal = createSignal('daycycle');
 * client.publish('luminosidade', signal('luminosidade', Date.now() - startedAt));
 */
export function createSignal(pattern: PatternName, options: SignalOptions = {}): Signal {
  const random = options.random ?? Math.random;
  switch (pattern) {
    case 'random':
      return () => Math.floor(random() * 101);
    case 'sine': {
      const period = options.periodMs ?? DEFAULT_PERIOD_MS;
      const phases = topicPhases();
      return (topic, elapsedMs) => reading(50 + 50 * Math.sin(2 * Math.PI * (elapsedMs / period + phases(topic))));
    }
    case 'walk': {
      const last = new Map<string, number>();
      return (topic) => {
        const previous = last.get(topic) ?? 50;
        const next = clamp(previous + Math.round((random() * 2 - 1) * WALK_MAX_STEP));
        last.set(topic, next);
        return next;
      };
    }
    case 'daycycle': {
      const day = options.dayMs ?? DEFAULT_DAY_MS;
      return (topic, elapsedMs) => {
        const time = (DAY_START + elapsedMs / day) % 1;
        const noise = (amplitude: number) => (random() * 2 - 1) * amplitude;
        const kind = sensorKind(topic);
        if (kind === 'light') return reading(5 + 90 * daylight(time) + noise(3));
        // Warmest around 15:00: the ground keeps heating for hours after the sun's peak.
        const warmth = Math.cos(2 * Math.PI * (time - 0.625));
        return reading(50 + (kind === 'humidity' ? -25 : 25) * warmth + noise(2));
      };
    }
  }
}

/** 0 at night, rising from 6:00 to 1 at noon and back to 0 at 18:00; `time` is 0–1 of a day. */
function daylight(time: number): number {
  return Math.max(0, Math.sin(Math.PI * (time - 0.25) * 2));
}

function sensorKind(topic: string): 'light' | 'humidity' | 'temperature' {
  const name = topic.toLowerCase();
  if (/lum|light|lux|luz/.test(name)) return 'light';
  if (/umid|humid/.test(name)) return 'humidity';
  return 'temperature';
}

/** Each new topic a third of a wave after the one before, so three sensors never move together. */
function topicPhases(): (topic: string) => number {
  const phases = new Map<string, number>();
  return (topic) => {
    let phase = phases.get(topic);
    if (phase === undefined) phases.set(topic, (phase = phases.size / 3));
    return phase;
  };
}

function reading(value: number): number {
  return clamp(Math.round(value));
}

function clamp(value: number): number {
  return Math.min(100, Math.max(0, value));
}
