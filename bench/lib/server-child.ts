import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout, type Cleanup } from './cleanup.js';

/** A server of the kit's running in a child process, once it has said it is listening. */
export interface ServerChild<Ready> {
  child: ChildProcess;
  /** What it sent over IPC when it was ready (its ports). */
  ready: Ready;
  /** The last 4 KB it wrote to stderr: why it died, if it did. */
  stderr(): string;
  exited: Promise<void>;
}

/**
 * Forks `file` through tsx, registers its stopping with `cleanup` (closing the IPC channel,
 * which the child takes as its cue to close and leave; killed if it takes over 5 s), and
 * waits for its first IPC message. `env` is added to the child's environment.
 */
export async function forkServerChild<Ready>(file: URL, args: string[], label: string, cleanup: Cleanup, env: Record<string, string> = {}): Promise<ServerChild<Ready>> {
  const child = fork(fileURLToPath(file), args, {
    env: { ...process.env, ...env },
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.add(child, `the ${label} process`, async (c) => {
    if (c.exitCode !== null || c.signalCode !== null) return;
    c.disconnect();
    await withTimeout(exited, 5000, `stopping the ${label}`).catch(() => c.kill('SIGKILL'));
  });
  const ready = await withTimeout(
    new Promise<Ready>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Ready));
      child.once('exit', (code) => reject(new Error(`the ${label} exited (code ${code}) before listening: ${stderr.trim()}`)));
    }),
    20_000,
    `starting the ${label}`,
  );
  return { child, ready, stderr: () => stderr, exited };
}
