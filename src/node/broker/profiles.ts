import { readFile } from 'node:fs/promises';
import { filterProblem } from '../../mqtt/topics.js';
import { parseJsonFile } from './json-syntax.js';

/**
 * A username/password pair and what it may do. `publish` and `subscribe` list topic
 * filters; a filter starting with a wildcard does not reach `$SYS/…` (MQTT §4.7.2), so
 * `$SYS/#` must be listed explicitly.
 *
 * @example
 * const sensor: Profile = { username: 'sensor', password: 'secret', publish: ['sensors/#'], subscribe: [] };
 */
export interface Profile {
  username: string;
  /** Plain text, or `scrypt:<saltHex>:<hashHex>` as made by `hashPassword`. */
  password: string;
  publish: string[];
  subscribe: string[];
}

/** The profile anonymous connections get. */
export const ANONYMOUS_PROFILE = 'public';

/**
 * The classroom defaults: `public` may do everything but `$SYS`, `viewer` may only watch,
 * `admin` may also read the broker's `$SYS` topics.
 *
 * @example
 * const profiles = defaultProfiles(resolveAdminPassword().password);
 */
export function defaultProfiles(adminPassword: string): Profile[] {
  return [
    { username: 'public', password: 'public', publish: ['#'], subscribe: ['#'] },
    { username: 'viewer', password: 'viewer', publish: [], subscribe: ['#'] },
    { username: 'admin', password: adminPassword, publish: ['#', '$SYS/#'], subscribe: ['#', '$SYS/#'] },
  ];
}

/** A profiles file that cannot be used; the message names the file and the bad field. */
export class ProfilesError extends Error {
  override name = 'ProfilesError';
}

/**
 * Reads and validates a JSON file shaped `{ "profiles": [ {username, password, publish, subscribe}, … ] }`.
 *
 * @example
 * const profiles = await loadProfiles('classroom.json');
 */
export async function loadProfiles(path: string): Promise<Profile[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ProfilesError(`Could not read the profiles file '${path}': ${(error as Error).message}`);
  }
  return parseProfiles(parseJsonFile(text, path, (message) => new ProfilesError(message)), path);
}

const FIELDS = ['username', 'password', 'publish', 'subscribe'] as const;
const SCRYPT_FORMAT = /^scrypt:([0-9a-f]{2})+:([0-9a-f]{2})+$/i;

/**
 * Validates already-parsed profile data. `source` prefixes every error message.
 *
 * @example
 * parseProfiles({ profiles: [{ username: 'a', password: 'b', publish: [], subscribe: ['#'] }] });
 */
export function parseProfiles(data: unknown, source = 'profiles'): Profile[] {
  const fail = (where: string, problem: string): never => {
    throw new ProfilesError(`${source}: ${where}: ${problem}`);
  };
  if (!isRecord(data) || !Array.isArray(data.profiles)) {
    return fail('top level', 'expected an object like { "profiles": [ { "username": …, "password": …, "publish": […], "subscribe": […] } ] }');
  }
  if (data.profiles.length === 0) fail('profiles', 'the list is empty, so nobody could connect');
  const seen = new Set<string>();
  return data.profiles.map((entry: unknown, index: number): Profile => {
    const at = `profiles[${index}]`;
    if (!isRecord(entry)) return fail(at, 'expected an object');
    for (const key of Object.keys(entry)) {
      if (!(FIELDS as readonly string[]).includes(key)) fail(`${at}.${key}`, `unknown field (expected ${FIELDS.join(', ')})`);
    }
    const { username, password } = entry;
    if (typeof username !== 'string' || username.length === 0) return fail(`${at}.username`, 'must be a non-empty string');
    if (seen.has(username)) fail(`${at}.username`, `'${username}' appears twice`);
    seen.add(username);
    if (typeof password !== 'string' || password.length === 0) return fail(`${at}.password`, 'must be a non-empty string');
    if (password.startsWith('scrypt:') && !SCRYPT_FORMAT.test(password)) {
      fail(`${at}.password`, "looks like a hash but is not 'scrypt:<saltHex>:<hashHex>'");
    }
    return { username, password, publish: filters(entry.publish, `${at}.publish`, fail), subscribe: filters(entry.subscribe, `${at}.subscribe`, fail) };
  });
}

function filters(value: unknown, where: string, fail: (where: string, problem: string) => never): string[] {
  if (!Array.isArray(value)) return fail(where, 'must be a list of topic filters, e.g. ["sensors/#"] (use [] for none)');
  return value.map((filter: unknown, index: number) => {
    const problem = filterProblem(filter);
    return problem ? fail(`${where}[${index}]`, problem) : (filter as string);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
