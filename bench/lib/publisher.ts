import { ChildTask } from './child.js';

export interface FloodRequest {
  /** mqtt://host:port of the broker (TCP). */
  url: string;
  topics: string[];
  payload: string;
  /** Messages per second, all connections together. */
  rate: number;
  seconds: number;
  connections: number;
}

export interface FloodResult {
  sent: number;
  seconds: number;
  /** When publishing started and stopped, wall clock (ms since 1970), to line up with the page's frames. */
  startedAt: number;
  endedAt: number;
  /** Ticks cut short because a socket had too much waiting: the publisher was held back. */
  stalledTicks: number;
  /** How long connecting, publishing and disconnecting took in the child, ms. */
  phasesMs: { connect: number; publish: number; close: number };
  /** Why publishing stopped early, if it did. */
  lost?: string;
}

/** The flood publishers, in a child process of their own (flood-child.ts). One flood at a time. */
export class Publisher {
  #task = new ChildTask<FloodRequest, FloodResult>(new URL('./flood-child.ts', import.meta.url));

  flood(request: FloodRequest): Promise<FloodResult> {
    return this.#task.ask(request, (request.seconds + 30) * 1000);
  }

  close(): Promise<void> {
    return this.#task.close();
  }
}
