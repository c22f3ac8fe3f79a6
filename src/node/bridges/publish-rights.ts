import { canPublish } from '../broker/acl.js';
import { ANONYMOUS_PROFILE, type Profile } from '../broker/profiles.js';

/**
 * The broker's profiles, when the bridge knows them: `npm start -- --bridge` hands over its
 * own, `npm run bridge` reads `--profiles FILE` or assumes the defaults of a kit started
 * without one. Passwords are not needed: the broker checks those when the bridge logs in.
 */
export interface KnownProfiles {
  profiles: readonly Pick<Profile, 'username' | 'publish'>[];
  /** Connections without a user name get the `public` profile (the broker's `allowAnonymous`). */
  allowAnonymous: boolean;
}

/**
 * May `username` (undefined: anonymous) publish to `topic`? `undefined` when the bridge
 * cannot tell — no profiles known, or a user they don't list (the broker will refuse the
 * login, which answers first). The kit's broker acknowledges a denied publish and drops it
 * (as MQTT 3.1.1 lets it), so this check is the only way to answer 403 instead of 204.
 *
 * @example
 * mayPublish({ profiles: defaultProfiles('x'), allowAnonymous: true }, 'viewer', 'hello') // false
 */
export function mayPublish(known: KnownProfiles | undefined, username: string | undefined, topic: string): boolean | undefined {
  if (!known) return undefined;
  const name = username ?? (known.allowAnonymous ? ANONYMOUS_PROFILE : undefined);
  const profile = name === undefined ? undefined : known.profiles.find((p) => p.username === name);
  return profile ? canPublish(profile as Profile, topic) : undefined;
}
