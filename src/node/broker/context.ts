import type { Client } from 'aedes';
import type { ConnectionStates } from './client-state.js';
import type { Logger } from './log.js';
import type { ResolvedBrokerOptions } from './options.js';
import type { PolicedAedes } from './policed-aedes.js';

/** What the hooks and the activity log of one broker share. */
export interface BrokerContext {
  aedes: PolicedAedes;
  options: ResolvedBrokerOptions;
  logger: Logger;
  states: ConnectionStates;
  /** Connected clients by id, to notice when a new connection takes over an id. */
  live: Map<string, Client>;
}

/** A client id fit for a log line: quoted, and cut short when someone sends a novel. */
export function quoteId(id: string | null | undefined): string {
  if (!id) return 'a client';
  return id.length > 40 ? `'${id.slice(0, 40)}…'` : `'${id}'`;
}
