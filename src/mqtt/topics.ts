import { MAX_TOPIC_LENGTH } from './defaults.js';

/**
 * Does `topic` match the subscription `filter`, by MQTT 3.1.1's rules?
 * `+` matches one level, `#` the rest (including the parent level itself), and
 * topics starting with `$` are not matched by a leading wildcard (§4.7.2).
 *
 * @example
 * matchTopic('sensors/+/temp', 'sensors/kitchen/temp') // true
 * matchTopic('#', '$SYS/uptime')                        // false
 */
export function matchTopic(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  // The two commonest filters, answered without splitting: the broker checks every delivery
  // against a profile (`#` in every default one) and clients dispatch every message, so the
  // split strings stood out in a CPU profile of the broker under a fan-out.
  // A topic has no wildcards, so one equal to its filter matches.
  if (filter === '#' || filter === topic) return true;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}

const EXAMPLE_TOPIC = "publish('sensors/kitchen/temp', 21)";
const EXAMPLE_FILTER = "subscribe('sensors/+/temp') or subscribe('sensors/#')";

/** Why `topic` cannot be published to, or undefined when it can. */
export function topicProblem(topic: unknown): string | undefined {
  if (typeof topic !== 'string') return `the topic must be text, got ${describe(topic)}. Example: ${EXAMPLE_TOPIC}`;
  if (topic.length === 0) return `the topic is empty. Example: ${EXAMPLE_TOPIC}`;
  if (/[+#]/.test(topic)) {
    return `the topic '${topic}' contains a wildcard (+ or #); wildcards are only for subscribing. Example: ${EXAMPLE_TOPIC}`;
  }
  return commonProblem(topic, EXAMPLE_TOPIC);
}

/** Why `filter` cannot be subscribed to, or undefined when it can. */
export function filterProblem(filter: unknown): string | undefined {
  if (typeof filter !== 'string') return `the topic filter must be text, got ${describe(filter)}. Example: ${EXAMPLE_FILTER}`;
  if (filter.length === 0) return `the topic filter is empty. Example: ${EXAMPLE_FILTER}`;
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] ?? '';
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) {
      return `in the filter '${filter}', '#' must be a whole level and the last one. Example: ${EXAMPLE_FILTER}`;
    }
    if (level.includes('+') && level !== '+') {
      return `in the filter '${filter}', '+' must be a whole level (between slashes). Example: ${EXAMPLE_FILTER}`;
    }
  }
  return commonProblem(filter, EXAMPLE_FILTER);
}

function commonProblem(text: string, example: string): string | undefined {
  if (text.includes('\u0000')) return `'${text}' contains a NUL character, which MQTT forbids in topics. Example: ${example}`;
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_TOPIC_LENGTH) {
    return `the topic '${text.slice(0, 40)}…' is ${bytes} bytes long; brokers such as shiftr.io accept at most ${MAX_TOPIC_LENGTH}. Example: ${example}`;
  }
  return undefined;
}

/** Names what was passed instead of text, without running any of its code. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'object':
      try {
        return Array.isArray(value) ? 'an array' : 'an object';
      } catch {
        return 'an object'; // a revoked Proxy throws even here
      }
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    case 'bigint':
    case 'number':
    case 'boolean':
    case 'undefined':
      return `${typeof value} ${String(value)}`;
    default:
      return typeof value;
  }
}

/** Throws a readable error when `topic` cannot be published to. */
export function assertTopic(topic: unknown): asserts topic is string {
  const problem = topicProblem(topic);
  if (problem) throw new TypeError(`Cannot publish: ${problem}`);
}

/** Throws a readable error when `filter` cannot be subscribed to. */
export function assertFilter(filter: unknown): asserts filter is string {
  const problem = filterProblem(filter);
  if (problem) throw new TypeError(`Cannot subscribe: ${problem}`);
}
