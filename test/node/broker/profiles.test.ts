import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  canPublish, canSubscribe, filterCovers, hashPassword, loadProfiles, parseProfiles, resolveAdminPassword, verifyPassword, type Profile,
} from '../../../src/node/broker/index.js';
import { useHarness } from './harness.js';

const h = useHarness();
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/profiles/${name}`, import.meta.url));

describe('profiles files', () => {
  it('loads a valid file', async () => {
    const profiles = await loadProfiles(fixture('classroom.json'));
    expect(profiles.map((p) => p.username)).toEqual(['public', 'sensor', 'teacher']);
    expect(profiles[1]?.publish).toEqual(['sensors/#']);
  });

  it('names the file and the bad field', async () => {
    await expect(loadProfiles(fixture('bad-field.json'))).rejects.toThrow(
      `${fixture('bad-field.json')}: profiles[1].subcribe: unknown field (expected username, password, publish, subscribe)`,
    );
    await expect(loadProfiles(fixture('not-json.json'))).rejects.toThrow(
      `${fixture('not-json.json')}:1:36: not valid JSON: expected a "name" in double quotes but found the end of the file`,
    );
    await expect(loadProfiles(fixture('missing.json'))).rejects.toThrow(`Could not read the profiles file '${fixture('missing.json')}'`);
  });

  it('names line and column of a JSON mistake without quoting the file, which may hold passwords', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'profiles-'));
    h.defer(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'turma.json');
    await writeFile(file, '{\n  "profiles": [\n    { "username": "teacher", "password": "hunter2" "publish": ["#"], "subscribe": ["#"] }\n  ]\n}\n');
    const error = (await loadProfiles(file).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(`${file}:3:52: not valid JSON: expected ',' or '}' but found '"' (a comma missing before it?)`);
    expect(error.message).not.toContain('hunter2');
  });

  it('reads a file saved with a byte order mark (as Notepad does)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'profiles-'));
    h.defer(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'bom.json');
    await writeFile(file, '\uFEFF{ "profiles": [ { "username": "a", "password": "b", "publish": [], "subscribe": ["#"] } ] }');
    expect((await loadProfiles(file)).map((p) => p.username)).toEqual(['a']);
  });

  it.each([
    [{}, 'top level: expected an object'],
    [{ profiles: [] }, 'profiles: the list is empty'],
    [{ profiles: [{ username: '', password: 'x', publish: [], subscribe: [] }] }, 'profiles[0].username: must be a non-empty string'],
    [{ profiles: [{ username: 'a', publish: [], subscribe: [] }] }, 'profiles[0].password: must be a non-empty string'],
    [{ profiles: [{ username: 'a', password: 'scrypt:zz', publish: [], subscribe: [] }] }, "profiles[0].password: looks like a hash but is not 'scrypt:<saltHex>:<hashHex>'"],
    [{ profiles: [{ username: 'a', password: 'x', publish: '#', subscribe: [] }] }, 'profiles[0].publish: must be a list of topic filters'],
    [{ profiles: [{ username: 'a', password: 'x', publish: ['a/#/b'], subscribe: [] }] }, "profiles[0].publish[0]: in the filter 'a/#/b', '#' must be a whole level and the last one"],
    [{ profiles: [{ username: 'a', password: 'x', publish: [], subscribe: [] }, { username: 'a', password: 'y', publish: [], subscribe: [] }] }, "profiles[1].username: 'a' appears twice"],
  ])('rejects %j', (data, message) => {
    expect(() => parseProfiles(data, 'test.json')).toThrow(`test.json: ${message}`);
  });

  it('accepts a scrypt-hashed password from a file, and only the right one', async () => {
    const profiles = await loadProfiles(fixture('classroom.json'));
    const { broker } = await h.startBroker({ profiles });
    const sensor = await h.connect(broker.urls.tcp, { username: 'sensor', password: 'temperature' });
    expect(sensor.connected).toBe(true);
    expect((await h.refusal(broker.urls.tcp, { username: 'sensor', password: 'temperatur' })).code).toBe(4);
  });
});

describe('passwords', () => {
  it('hashes and verifies with scrypt, and compares plain ones', async () => {
    const hash = await hashPassword('s3cret');
    expect(hash).toMatch(/^scrypt:[0-9a-f]{32}:[0-9a-f]{64}$/);
    expect(await verifyPassword(hash, Buffer.from('s3cret'))).toBe(true);
    expect(await verifyPassword(hash, 'S3cret')).toBe(false);
    expect(await verifyPassword('plain', 'plain')).toBe(true);
    expect(await verifyPassword('plain', 'plai')).toBe(false);
    expect(await verifyPassword('plain', undefined)).toBe(false);
  });

  it('takes the admin password from MQTT_ADMIN_PASSWORD or generates one', () => {
    expect(resolveAdminPassword({ MQTT_ADMIN_PASSWORD: 'chosen' })).toEqual({ password: 'chosen', generated: false });
    const a = resolveAdminPassword({});
    const b = resolveAdminPassword({});
    expect(a.generated).toBe(true);
    expect(a.password).toMatch(/^[a-zA-Z2-9]{12}$/);
    expect(a.password).not.toBe(b.password);
  });
});

describe('topic permissions', () => {
  it.each([
    ['#', 'a/b', true], ['#', '#', true], ['#', '$SYS/#', false], ['+/#', '$SYS/x', false], ['$SYS/#', '$SYS/broker/uptime', true],
    ['a/#', 'a', true], ['a/#', 'a/+/c', true], ['a/+', 'a/b', true], ['a/+', 'a/+', true], ['a/+', 'a/#', false],
    ['a/+', 'a/b/c', false], ['a/b', 'a/+', false], ['a/b', 'a/b', true], ['a/b', 'a/b/#', false], ['+/b', 'x/b', true],
  ])('%s covers %s: %s', (allowed, requested, expected) => {
    expect(filterCovers(allowed, requested)).toBe(expected);
  });

  it('checks publish topics against filters, keeping $ topics apart', () => {
    const profile: Profile = { username: 'u', password: 'p', publish: ['#'], subscribe: ['sensors/#'] };
    expect(canPublish(profile, 'anything/at/all')).toBe(true);
    expect(canPublish(profile, '$SYS/x')).toBe(false);
    expect(canSubscribe(profile, 'sensors/+')).toBe(true);
    expect(canSubscribe(profile, '#')).toBe(false);
  });
});
