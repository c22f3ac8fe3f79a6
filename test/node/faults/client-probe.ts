import { connect } from '../../../src/mqtt/connect.js';
import type { MqttClient } from '../../../src/mqtt/client.js';
import type { ClientOptions, ClientStatus } from '../../../src/mqtt/types.js';

/** One `status` event, with when it came (ms since the probe started). */
export interface StatusEntry {
  at: number;
  status: ClientStatus;
  text: string;
}

/** A kit client (Node, direct transport) that remembers what it went through. */
export interface ProbedClient {
  client: MqttClient;
  statuses: StatusEntry[];
  /** sessionPresent of every `connected` event, in order. */
  connections: boolean[];
  errors: string[];
  /** ms on the shared clock. */
  now(): number;
}

export function probeClient(url: string, clientId: string | undefined, options: ClientOptions, clock: () => number): ProbedClient {
  const client = connect(url, clientId, { deliver: 'immediate', ...options });
  const probed: ProbedClient = { client, statuses: [], connections: [], errors: [], now: clock };
  client.on('status', ({ status, text }) => probed.statuses.push({ at: clock(), status, text }));
  client.on('connected', ({ sessionPresent }) => probed.connections.push(sessionPresent));
  // Listening keeps the client from writing these to the console; tests read them instead.
  client.on('error', (error) => probed.errors.push(error.message));
  return probed;
}

/** Reconnect attempts MQTT.js started ("… (attempt N)…" status texts), as [attempt, ms]. */
export function attemptTimes(probed: ProbedClient, since = 0): Array<[number, number]> {
  const times: Array<[number, number]> = [];
  for (const { at, text } of probed.statuses) {
    const match = /\(attempt (\d+)\)/.exec(text);
    if (match && at >= since) times.push([Number(match[1]), at]);
  }
  return times;
}

/** The ceiling of the N-th wait in DirectTransport's backoff: min doubling to max. */
export function backoffCeiling(attempt: number, min: number, max: number): number {
  return Math.min(max, min * 2 ** (attempt - 1));
}
