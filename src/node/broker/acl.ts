import { matchTopic } from '../../mqtt/topics.js';
import type { Profile } from './profiles.js';

/**
 * May `profile` publish to `topic`? True when one of its publish filters matches it.
 *
 * @example
 * canPublish({ publish: ['sensors/#'] } as Profile, 'sensors/temp') // true
 */
export function canPublish(profile: Profile, topic: string): boolean {
  return profile.publish.some((filter) => matchTopic(filter, topic));
}

/**
 * May `profile` receive messages on `topic`? Used when delivering, as a second guard
 * behind the subscribe check (a persistent session may outlive a profile change).
 */
export function canReceive(profile: Profile, topic: string): boolean {
  return profile.subscribe.some((filter) => matchTopic(filter, topic));
}

/**
 * May `profile` subscribe to `filter`? Only when an allowed filter covers every topic the
 * requested one could match: `sensors/#` covers `sensors/+/temp`, but `sensors/+` does not
 * cover `sensors/#`, and `#` does not cover `$SYS/#`.
 *
 * @example
 * canSubscribe({ subscribe: ['#'] } as Profile, '$SYS/#') // false
 */
export function canSubscribe(profile: Profile, filter: string): boolean {
  return profile.subscribe.some((allowed) => filterCovers(allowed, filter));
}

/** Does every topic matched by `requested` also match `allowed`? */
export function filterCovers(allowed: string, requested: string): boolean {
  // §4.7.2: a leading wildcard never reaches topics starting with '$'.
  if (requested.startsWith('$') && (allowed.startsWith('+') || allowed.startsWith('#'))) return false;
  const a = allowed.split('/');
  const r = requested.split('/');
  for (let i = 0; i < a.length; i++) {
    const level = a[i];
    if (level === '#') return true;
    const wanted = r[i];
    if (wanted === undefined || wanted === '#') return false;
    if (level === '+') continue;
    if (wanted !== level) return false;
  }
  return a.length === r.length;
}
