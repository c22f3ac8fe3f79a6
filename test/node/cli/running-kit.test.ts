import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceRunningKit, findRunningKit, type KitProbe, type RunningKit } from '../../../src/node/cli/running-kit.js';
import { kitBrokerUrl } from '../../../src/node/cli/kit-broker-url.js';

const kit = (pid: number, tcpPort: number, startedAt = 1): RunningKit => ({ pid, startedAt, tcpPort, wsPort: 9001, pagePort: 5173, defaultProfiles: true });

/** A machine where `alive` processes run and `listening` maps a port to the pid that listens on it. */
function probe(alive: number[], listening: Record<number, number | undefined>, holderKnown = true): KitProbe {
  return {
    processAlive: (pid) => alive.includes(pid),
    portOpen: async (port) => port in listening,
    portHolder: async (port) => (holderKnown ? listening[port] : undefined),
  };
}

describe('running kit notes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'kit-')), 'running');
  });
  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('finds the kit that announced itself, and forgets it once withdrawn', async () => {
    const withdraw = await announceRunningKit(dir, kit(100, 1884));
    expect(await findRunningKit(dir, probe([100], { 1884: 100 }))).toEqual(kit(100, 1884));
    await withdraw();
    expect(await findRunningKit(dir, probe([100], { 1884: 100 }))).toBeUndefined();
  });

  it('says which command runs the broker a bot or recorder will use', async () => {
    const said: string[] = [];
    await announceRunningKit(dir, { ...kit(100, 1884), command: 'npm run serve' });
    expect(await kitBrokerUrl((line) => said.push(line), dir, probe([100], { 1884: 100 }))).toBe('mqtt://public:public@127.0.0.1:1884');
    expect(said).toEqual(['Using the broker of npm run serve (pid 100) on port 1884.']);
  });

  it('prefers the newest of several live kits', async () => {
    await announceRunningKit(dir, kit(100, 1884, 10));
    await announceRunningKit(dir, kit(200, 1885, 20));
    expect((await findRunningKit(dir, probe([100, 200], { 1884: 100, 1885: 200 })))?.pid).toBe(200);
  });

  it.each([
    ['its process is gone (killed without stopping)', probe([], { 1884: 100 }), true],
    ['its port no longer answers', probe([100], {}), false],
    ['its pid was reused by a process that does not hold the port', probe([100], { 1884: 555 }), false],
  ])('ignores a note when %s', async (_, machine, removed) => {
    await announceRunningKit(dir, kit(100, 1884));
    expect(await findRunningKit(dir, machine)).toBeUndefined();
    // Notes of dead processes are cleared away; a live process may still be starting up.
    expect((await readdir(dir)).includes('100.json')).toBe(!removed);
  });

  it('trusts pid and port where the system does not say who listens', async () => {
    await announceRunningKit(dir, kit(100, 1884));
    expect((await findRunningKit(dir, probe([100], { 1884: 555 }, false)))?.pid).toBe(100);
  });

  it('ignores and clears notes it cannot read', async () => {
    await announceRunningKit(dir, kit(100, 1884));
    await writeFile(join(dir, '300.json'), '{"pid": 300, "tcpPort": "x"');
    expect((await findRunningKit(dir, probe([100, 300], { 1884: 100 })))?.pid).toBe(100);
    expect(await readdir(dir)).toEqual(['100.json']);
  });

  it('finds nothing, without failing, where no kit ever ran', async () => {
    expect(await findRunningKit(join(dir, 'never-made'))).toBeUndefined();
  });
});
