import { canPublish } from '../broker/acl.js';
import { ANONYMOUS_PROFILE, type Profile } from '../broker/profiles.js';

/**
 * The broker's profiles, when the bridge knows them: `npm start -- --bridge` hands over its
 * own, `npm run bridge` reads `--profiles FILE` or assumes the defaults of a kit started
 * without one. Passwords are not needed: the broker checks those when the bridge logs in.
 */
export type KnownProfiles = readonly Pick<Profile, 'username' | 'publish'>[];

/**
 * May `username` (undefined: anonymous, which the kit's broker logs in as `public`) publish
 * to `topic`? `undefined` when the bridge cannot tell — no profiles known, or a user they
 * don't list. Asked only once the broker has accepted the login, so a login it refuses
 * (an unknown user, anonymous under --no-anonymous) has already been answered 401.
 * The kit's broker acknowledges a denied publish and drops it (MQTT 3.1.1 lets it), so
 * this check is the only way to answer 403 instead of 204.
 *
 * @example
 * mayPublish(defaultProfiles('x'), 'viewer', 'hello') // false
 */
export function mayPublish(known: KnownProfiles | undefined, username: string | undefined, topic: string): boolean | undefined {
  const profile = known?.find((p) => p.username === (username ?? ANONYMOUS_PROFILE));
  return profile ? canPublish(profile as Profile, topic) : undefined;
}
