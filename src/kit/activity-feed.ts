/**
 * The kit broker's activity feed, as the class graph (/class/) reads it: who is connected
 * and who published where, in small JSON batches under `$SYS/kit/`. Only profiles allowed
 * `$SYS/…` may subscribe (the default `admin`). The broker writes it
 * (src/node/broker/activity-feed.ts); pages read it with the parsers below, which never
 * throw and drop what does not fit the shape.
 */

/** Every interval with something to say: publish counts per client and topic. */
export const ACTIVITY_TOPIC = '$SYS/kit/activity';
/** Who is connected, and their subscriptions: when that changes, and when a new watcher arrives. */
export const CLIENTS_TOPIC = '$SYS/kit/clients';
/** What a page subscribes to for both. */
export const FEED_FILTER = '$SYS/kit/#';

export interface FeedClient {
  id: string;
  /** The profile (user name) it logged in as. */
  profile: string;
  /** When its connection arrived, in ms since the epoch (broker clock). */
  since: number;
  /** Granted filters, at most a few dozen; `moreSubscriptions` counts the rest. */
  subscriptions: string[];
  moreSubscriptions?: number;
}

export interface ClientsSnapshot {
  /** Broker clock, ms since the epoch. */
  at: number;
  clients: FeedClient[];
  /** Connected clients left out of `clients` to keep the message small. */
  omitted: number;
}

/** `[clientId, topic, messages]`: that client published that many messages on that topic. */
export type PublishEdge = [clientId: string, topic: string, count: number];

export interface ActivityBatch {
  /** Broker clock at the end of the interval, ms since the epoch. */
  at: number;
  /** Length of the interval the counts cover, in ms. */
  ms: number;
  publishes: PublishEdge[];
  /** Messages counted but not itemised in `publishes` (too many distinct topics in one interval). */
  omitted: number;
}

/**
 * A `$SYS/kit/clients` payload, or undefined when it is not one.
 *
 * @example
 * parseClientsSnapshot('{"at":1,"clients":[{"id":"a","profile":"public","since":1,"subscriptions":["hello"]}],"omitted":0}')
 */
export function parseClientsSnapshot(text: string): ClientsSnapshot | undefined {
  const data = parseJson(text);
  if (!isRecord(data) || !isTime(data.at) || !Array.isArray(data.clients)) return undefined;
  const clients: FeedClient[] = [];
  for (const entry of data.clients) {
    if (!isRecord(entry) || typeof entry.id !== 'string' || typeof entry.profile !== 'string' || !isTime(entry.since)) continue;
    const subscriptions = Array.isArray(entry.subscriptions) ? entry.subscriptions.filter((s): s is string => typeof s === 'string') : [];
    const client: FeedClient = { id: entry.id, profile: entry.profile, since: entry.since, subscriptions };
    if (isCount(entry.moreSubscriptions) && entry.moreSubscriptions > 0) client.moreSubscriptions = entry.moreSubscriptions;
    clients.push(client);
  }
  return { at: data.at, clients, omitted: isCount(data.omitted) ? data.omitted : 0 };
}

/**
 * A `$SYS/kit/activity` payload, or undefined when it is not one.
 *
 * @example
 * parseActivityBatch('{"at":1,"ms":250,"publishes":[["a","hello",3]],"omitted":0}')
 */
export function parseActivityBatch(text: string): ActivityBatch | undefined {
  const data = parseJson(text);
  if (!isRecord(data) || !isTime(data.at) || !isCount(data.ms) || !Array.isArray(data.publishes)) return undefined;
  const publishes: PublishEdge[] = [];
  for (const edge of data.publishes) {
    if (!Array.isArray(edge) || edge.length !== 3) continue;
    const [clientId, topic, count] = edge as unknown[];
    if (typeof clientId === 'string' && typeof topic === 'string' && isCount(count) && count > 0) publishes.push([clientId, topic, count]);
  }
  return { at: data.at, ms: data.ms, publishes, omitted: isCount(data.omitted) ? data.omitted : 0 };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
