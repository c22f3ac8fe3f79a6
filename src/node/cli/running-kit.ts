import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { findPortHolder } from '../broker/port-holder.js';

/** Where `npm start` serves the sketch pages unless that port is taken (then the next free one). */
export const DEFAULT_PAGE_PORT = 5173;

/** What a running `npm start` tells the kit's other commands about itself. */
export interface RunningKit {
  pid: number;
  /** Date.now() when it was ready; the newest kit wins when several run. */
  startedAt: number;
  /** The ports it really got (a default port moves when taken: Debian's mosquitto holds 1883). */
  tcpPort: number;
  wsPort: number;
  pagePort: number;
  /** Whether it uses the default profiles, where public / public logs in. */
  defaultProfiles: boolean;
  /**
   * Who may publish where (no passwords): how `npm run bridge -- http` pointed at this kit
   * answers 403 for a publish its broker would drop.
   */
  publishRights?: { username: string; publish: string[] }[];
  /** Which command runs it, for sentences such as "Using the broker of npm run serve". */
  command?: KitCommand;
}

/** The commands that run a kit (broker and pages). */
export type KitCommand = 'npm start' | 'npm run serve';

/**
 * Where running kits leave their notes: one file per process, inside the project (so two
 * clones never see each other's kit) and under node_modules/.cache (never committed).
 */
export function runningKitDir(root: string): string {
  return join(root, 'node_modules', '.cache', 'p5-mqtt-kit', 'running');
}

/**
 * Leaves a note that this process runs a kit; resolves to the function that takes it back
 * on a clean stop. A kit killed without stopping leaves its note behind, which
 * `findRunningKit` recognises as stale and removes.
 *
 * @example
 * const withdraw = await announceRunningKit(runningKitDir(root), { pid: process.pid, … });
 */
export async function announceRunningKit(dir: string, kit: RunningKit): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${kit.pid}.json`);
  // Written aside and renamed, so a reader never sees half a file.
  // Only for this user: it lists the profiles' names and rights.
  await writeFile(`${file}.tmp`, `${JSON.stringify(kit)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return () => rm(file, { force: true });
}

/**
 * `announceRunningKit` for this process, from what a kit command (`npm start`, `npm run
 * serve`) started: its broker's ports, its pages' port, whether public / public logs in.
 *
 * @example
 * stops.push(await announceThisKit(root, broker, pagePort, setup.profilesSource === 'defaults'));
 */
export function announceThisKit(
  root: string,
  broker: { tcpPort: number; wsPort: number },
  pagePort: number,
  defaultProfiles: boolean,
  profiles?: readonly { username: string; publish: string[] }[],
  command: KitCommand = 'npm start',
): Promise<() => Promise<void>> {
  return announceRunningKit(runningKitDir(root), {
    pid: process.pid, startedAt: Date.now(), tcpPort: broker.tcpPort, wsPort: broker.wsPort, pagePort, defaultProfiles, command,
    ...(profiles ? { publishRights: profiles.map(({ username, publish }) => ({ username, publish: [...publish] })) } : {}),
  });
}

/** How `findRunningKit` tells a live kit from a stale note; injectable for tests. */
export interface KitProbe {
  /** Is there a process with this id (ours or another user's)? */
  processAlive(pid: number): boolean;
  /** Does something accept connections on this loopback port? */
  portOpen(port: number): Promise<boolean>;
  /** Which process listens on the port, where the system tells (Linux: /proc). */
  portHolder(port: number): Promise<number | undefined>;
}

const liveProbe: KitProbe = {
  processAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  portOpen: (port) =>
    new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const done = (open: boolean) => {
        socket.destroy();
        resolve(open);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    }),
  portHolder: async (port) => (await findPortHolder(port))?.pid,
};

/**
 * The newest kit that is still running, if any. A note counts only when its process is
 * alive, its TCP port accepts connections and (where the system says who listens) that
 * process is the one listening: a kit killed with its note left behind, and its pid and
 * port since reused, must not send the bot to somebody else's broker.
 *
 * @example
 * const kit = await findRunningKit(runningKitDir(root));
 * const url = kit ? `mqtt://public:public@127.0.0.1:${kit.tcpPort}` : 'mqtt://public:public@localhost:1883';
 */
export async function findRunningKit(dir: string, probe: KitProbe = liveProbe): Promise<RunningKit | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const kits: RunningKit[] = [];
  for (const name of names.filter((n) => /^\d+\.json$/.test(n))) {
    const kit = parseKit(await readFile(join(dir, name), 'utf8').catch(() => ''));
    if (kit && (await isLive(kit, probe))) kits.push(kit);
    else if (!kit || !probe.processAlive(kit.pid)) await rm(join(dir, name), { force: true });
  }
  return kits.sort((a, b) => b.startedAt - a.startedAt)[0];
}

async function isLive(kit: RunningKit, probe: KitProbe): Promise<boolean> {
  if (!probe.processAlive(kit.pid) || !(await probe.portOpen(kit.tcpPort))) return false;
  const holder = await probe.portHolder(kit.tcpPort);
  return holder === undefined || holder === kit.pid;
}

function parseKit(text: string): RunningKit | undefined {
  try {
    const data = JSON.parse(text) as Partial<RunningKit>;
    const port = (value: unknown) => Number.isInteger(value) && (value as number) > 0 && (value as number) <= 65535;
    if (!Number.isInteger(data.pid) || !port(data.tcpPort) || !port(data.wsPort) || !port(data.pagePort)) return undefined;
    const kit: RunningKit = { pid: data.pid!, startedAt: Number(data.startedAt) || 0, tcpPort: data.tcpPort!, wsPort: data.wsPort!, pagePort: data.pagePort!, defaultProfiles: data.defaultProfiles === true };
    const rights = data.publishRights;
    const valid = Array.isArray(rights) && rights.every((r) => typeof r?.username === 'string' && Array.isArray(r.publish) && r.publish.every((f) => typeof f === 'string'));
    if (data.command === 'npm start' || data.command === 'npm run serve') kit.command = data.command;
    return valid ? { ...kit, publishRights: rights } : kit;
  } catch {
    return undefined;
  }
}
