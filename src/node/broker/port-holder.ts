import { readdir, readFile, readlink } from 'node:fs/promises';

/** A program listening on a TCP port, as far as this machine lets us see it. */
export interface PortHolder {
  pid: number;
  /** The program's name, e.g. 'mosquitto' or 'node'. */
  name: string;
  /** Its command line, shortened, e.g. '/usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf'. */
  command: string;
}

const LISTEN = '0A';
const COMMAND_CHARS = 80;

/**
 * Who listens on TCP `port`, on Linux: the socket's inode from /proc/net/tcp{,6}, then the
 * process holding that inode among /proc/<pid>/fd. Undefined elsewhere, or when the holder
 * belongs to another user (Debian runs mosquitto as 'mosquitto'), whose fds we may not read.
 * Only called once a port turned out to be taken, so a scan of /proc is affordable.
 *
 * @example
 * await findPortHolder(1883) // { pid: 812, name: 'mosquitto', command: '/usr/sbin/mosquitto -c …' }
 */
export async function findPortHolder(port: number, proc = '/proc'): Promise<PortHolder | undefined> {
  const inodes = new Set<string>();
  for (const table of ['net/tcp', 'net/tcp6']) {
    const text = await readFile(`${proc}/${table}`, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (!local || fields[3] !== LISTEN || Number.parseInt(local.split(':').at(-1) ?? '', 16) !== port) continue;
      if (fields[9] && fields[9] !== '0') inodes.add(`socket:[${fields[9]}]`);
    }
  }
  if (inodes.size === 0) return undefined;
  const pids = (await readdir(proc).catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry));
  for (const pid of pids) {
    const fds = await readdir(`${proc}/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`${proc}/${pid}/fd/${fd}`).catch(() => '');
      if (inodes.has(target)) return describeProcess(Number(pid), proc);
    }
  }
  return undefined;
}

async function describeProcess(pid: number, proc: string): Promise<PortHolder> {
  const name = (await readFile(`${proc}/${pid}/comm`, 'utf8').catch(() => '')).trim() || 'a program';
  const args = (await readFile(`${proc}/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean).join(' ');
  const command = args.length > COMMAND_CHARS ? `${args.slice(0, COMMAND_CHARS - 1)}…` : args;
  return { pid, name, command };
}

/**
 * Words for who holds a port, to follow "port N is in use": the program when we can see it,
 * otherwise a likely guess from the port and the command that names the program.
 *
 * @example
 * `port 1883 is in use ${await describePortHolder(1883)}`
 * // "port 1883 is in use by mosquitto (pid 812: /usr/sbin/mosquitto -c …)", or
 * // "port 1883 is in use (probably by mosquitto or another MQTT broker; `sudo ss -ltnp 'sport = :1883'` names it)"
 */
export async function describePortHolder(port: number, platform: NodeJS.Platform = process.platform): Promise<string> {
  const holder = platform === 'linux' ? await findPortHolder(port) : undefined;
  if (holder) return `by ${holder.name} (pid ${holder.pid}${holder.command ? `: ${holder.command}` : ''})`;
  const command = platform === 'linux' ? `sudo ss -ltnp 'sport = :${port}'` : `sudo lsof -nP -iTCP:${port} -sTCP:LISTEN`;
  return `(${likelyHolder(port)}; \`${command}\` names it)`;
}

function likelyHolder(port: number): string {
  if (port === 1883 || port === 8883) return 'probably by mosquitto or another MQTT broker';
  if (port === 9001) return "probably by another broker's WebSocket listener (mosquitto's examples use 9001)";
  if (port >= 5173 && port <= 5199) return 'probably by another Vite dev server (npm start, npm run dev)';
  return 'by another program';
}
