import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as connectTcp, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, MOSQUITTO_MISSING, mosquittoPath, waitForPort, writeMosquittoConfig } from '../../fixtures/mosquitto.js';
import { runCli, type CliRun } from '../../fixtures/spawn-cli.js';

/**
 * A broker that a test can kill and start again on the same ports, as happens when the
 * teacher's laptop running it crashes or is restarted mid-lesson.
 */
export interface RestartableBroker {
  readonly name: string;
  readonly tcpPort: number;
  readonly wsPort: number;
  readonly tcpUrl: string;
  readonly wsUrl: string;
  /** Starts it (again) on the same ports; resolves once both listen. */
  start(): Promise<void>;
  /** Stops it with `signal` and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** What the process printed (all runs). */
  log(): string;
  /** Kills whatever still runs and removes temp files. */
  dispose(): Promise<void>;
}

/**
 * `npm run broker` as its own process: sessions live in its memory only, or with
 * `persist`, in a LevelDB folder in a temp dir (`--persist DIR`) that outlives the process.
 */
export async function embeddedBrokerProcess(options: { persist?: boolean } = {}): Promise<RestartableBroker> {
  const [tcpPort, wsPort] = [await freePort(), await freePort()];
  const persistDir = options.persist ? mkdtempSync(join(tmpdir(), 'kit-faults-persist-')) : undefined;
  let run: CliRun | undefined;
  let log = '';
  const kill = async (signal: NodeJS.Signals) => {
    const current = run;
    run = undefined;
    if (!current || current.child.exitCode !== null || current.child.signalCode !== null) return;
    current.kill(signal);
    await current.exited;
    log += current.output();
  };
  return {
    name: `embedded broker (npm run broker${persistDir ? ' --persist' : ''})`,
    tcpPort,
    wsPort,
    tcpUrl: `mqtt://127.0.0.1:${tcpPort}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    async start() {
      const args = ['--tcp-port', String(tcpPort), '--ws-port', String(wsPort), '--quiet', ...(persistDir ? ['--persist', persistDir] : [])];
      run = runCli('src/node/cli/broker.ts', args, { MQTT_ADMIN_PASSWORD: 'faults' });
      const [, tcp, ws] = await run.waitForOutput(/TCP\s+mqtt:\/\/[^:]+:(\d+)\s+WebSocket\s+ws:\/\/[^:]+:(\d+)/, 15_000);
      // A taken port given by number fails the start; were it ever to move, that would not be a restart.
      if (Number(tcp) !== tcpPort || Number(ws) !== wsPort) {
        await kill('SIGKILL');
        throw new Error(`The broker came back on other ports (${tcp}, ${ws}) instead of ${tcpPort}, ${wsPort}`);
      }
    },
    kill,
    log: () => log + (run?.output() ?? ''),
    async dispose() {
      await kill('SIGKILL');
      if (persistDir) rmSync(persistDir, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's mosquitto, logging connections. With `persistence` (the default) it saves
 * sessions (subscriptions, queued QoS 1/2 messages) to a file in a temp dir on SIGTERM and
 * every `autosaveSeconds`, and reads them back when it starts again on the same ports.
 */
export async function restartableMosquitto(options: { persistence?: boolean; autosaveSeconds?: number; extraConfig?: string[] } = {}): Promise<RestartableBroker> {
  if (!mosquittoPath) throw new Error(MOSQUITTO_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'kit-faults-mosquitto-'));
  const [tcpPort, wsPort] = [await freePort(), await freePort()];
  const config = writeMosquittoConfig(dir, tcpPort, wsPort, [
    ...(options.persistence === false
      ? ['persistence false']
      : ['persistence true', `persistence_location ${dir}/`, 'persistence_file sessions.db', `autosave_interval ${options.autosaveSeconds ?? 1800}`]),
    // Started as root, mosquitto would switch to the `mosquitto` user, who cannot write to our temp dir.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    // Global settings only: they come before the listeners.
    ...(options.extraConfig ?? []),
  ]);
  let child: ChildProcess | undefined;
  let log = '';
  const kill = async (signal: NodeJS.Signals) => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill(signal);
    await exited;
  };
  return {
    name: 'mosquitto',
    tcpPort,
    wsPort,
    tcpUrl: `mqtt://127.0.0.1:${tcpPort}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    async start() {
      const started = spawn(mosquittoPath!, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      started.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      started.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      await waitForPort(tcpPort, () => log);
      await waitForPort(wsPort, () => log);
    },
    kill,
    log: () => log,
    async dispose() {
      await kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A loopback TCP relay in front of a broker that the test can shut: while held, every
 * connection is cut as soon as it arrives (the client sees its attempt fail), so the test
 * decides which client gets back to a restarted broker first. With `cutAfterMs`, every
 * connection is cut that long after it opened, as a flaky link does.
 */
export interface Gate {
  port: number;
  url: string;
  hold(): void;
  open(): void;
  /** Connections accepted (held ones included). */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startGate(targetPort: number, options: { cutAfterMs?: number } = {}): Promise<Gate> {
  let held = false;
  let accepted = 0;
  const pairs = new Set<[Socket, Socket]>();
  const server: Server = createServer((socket) => {
    accepted++;
    socket.on('error', () => {});
    if (held) return void socket.destroy();
    const upstream = connectTcp(targetPort, '127.0.0.1');
    upstream.on('error', () => {});
    const pair: [Socket, Socket] = [socket, upstream];
    pairs.add(pair);
    const cut = () => {
      pairs.delete(pair);
      socket.destroy();
      upstream.destroy();
    };
    socket.on('close', cut);
    upstream.on('close', cut);
    socket.pipe(upstream);
    upstream.pipe(socket);
    // A flaky link: every connection dies this long after it opened.
    if (options.cutAfterMs !== undefined) setTimeout(cut, options.cutAfterMs).unref();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    hold: () => void (held = true),
    open: () => void (held = false),
    get accepted() {
      return accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) (a.destroy(), b.destroy());
        server.close(() => resolve());
      }),
  };
}
