import { fork, type ChildProcess } from 'node:child_process';
import { withTimeout } from './cleanup.js';

type Reply<R> = { ok: true; result: R } | { ok: false; error: string };

/**
 * A TypeScript module run in a child Node process (through tsx) that answers one request at
 * a time over IPC with `{ ok, result | error }`. Used for load generators, so they never
 * share a thread with what they measure. The child leaves when the IPC channel closes.
 */
export class ChildTask<Request, Result> {
  #child: ChildProcess;
  #exited: Promise<void>;

  constructor(private readonly file: URL) {
    this.#child = fork(file, [], {
      // Resolved here, so the child finds tsx whatever its working directory.
      execArgv: ['--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#exited = new Promise((resolve) => this.#child.once('exit', () => resolve()));
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  ask(request: Request, timeoutMs: number): Promise<Result> {
    const reply = new Promise<Result>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${this.file.pathname} exited (code ${code}) before answering`));
      this.#child.once('exit', onExit);
      this.#child.once('message', (message: Reply<Result>) => {
        this.#child.off('exit', onExit);
        if (message.ok) resolve(message.result);
        else reject(new Error(message.error));
      });
    });
    this.#child.send(request as object);
    return withTimeout(reply, timeoutMs, `${this.file.pathname.split('/').pop()} answering`);
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    if (this.#child.connected) this.#child.disconnect();
    await withTimeout(this.#exited, 5000, 'a child process leaving').catch(() => this.#child.kill('SIGKILL'));
  }
}
