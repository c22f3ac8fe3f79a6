// HTTP ⇄ MQTT: `POST /publish/<topic>` publishes the body, `GET /subscribe?topic=<filter>`
// streams messages as Server-Sent Events — for spreadsheets, shortcuts, curl and cheap
// boards that speak HTTP but not MQTT.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { MAX_PAYLOAD_BYTES } from '../../mqtt/defaults.js';
import { topicProblem } from '../../mqtt/topics.js';
import type { QoS } from '../../mqtt/types.js';
import { createLogger, type BrokerLog, type LogLevel, type Logger } from '../broker/log.js';
import { listenWithFallback, trackSockets } from '../broker/server-lifecycle.js';
import { usernameOf, type Credentials, type LinkOutcome } from './broker-link.js';
import { ClientPool } from './client-pool.js';
import { refuse, reply } from './http-reply.js';
import { originGrant, type OriginGrant } from './origin-policy.js';
import { mayPublish, type KnownProfiles } from './publish-rights.js';
import { SseStreams } from './sse.js';

export const DEFAULT_HTTP_BRIDGE_PORT = 8080;

export interface HttpBridgeOptions {
  /** The broker; its user:password is the login for requests without Basic auth. */
  url: string;
  /** Default 8080, or the next free port when taken; a port given is held to (0: any). */
  port?: number;
  /** Listen on every network, not only this computer. */
  lan?: boolean;
  /** The broker's profiles, to answer 403 for a publish the login may not make. */
  known?: KnownProfiles;
  /**
   * Web origins (e.g. 'https://editor.p5js.org') whose pages may publish and open streams
   * with a login of their own. Pages from anywhere else may only read the event streams
   * of the bridge's own login. Default: none.
   */
  allowOrigins?: readonly string[];
  /** Largest body published; default the broker's payload limit, 64 KB. */
  maxBodyBytes?: number;
  /** An event stream whose reader lets more than this wait unread is closed. Default 1 MiB. */
  sseBufferBytes?: number;
  /** Event streams open at once, at most. Default 200. */
  maxStreams?: number;
  /** How long a request waits for the broker to accept a login. Default 5 s. */
  connectTimeoutMs?: number;
  /** A comment line on idle streams, so proxies and browsers keep them open. Default 15 s. */
  heartbeatMs?: number;
  log?: BrokerLog;
  logLevel?: LogLevel;
}

export interface RunningHttpBridge {
  host: string;
  port: number;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  /** Event streams open now. */
  readonly streams: number;
  /** How the bridge's own login (the URL's) went, within the connect timeout. */
  ready: Promise<LinkOutcome>;
  close(): Promise<void>;
}

/**
 * Starts the HTTP bridge. Each request logs in to the broker as its Basic auth user, or as
 * the URL's user without one; logins are pooled, so a request a second is not a connection
 * a second. Listens on 127.0.0.1 unless `lan`.
 *
 * @example
 * const bridge = await startHttpBridge({ url: 'mqtt://127.0.0.1:1883', port: 8080 });
 * // curl -d 23.5 http://127.0.0.1:8080/publish/temperatura
 */
export async function startHttpBridge(options: HttpBridgeOptions): Promise<RunningHttpBridge> {
  const logger = createLogger(options.log, options.logLevel);
  const timeoutMs = options.connectTimeoutMs ?? 5000;
  const maxBody = options.maxBodyBytes ?? MAX_PAYLOAD_BYTES;
  const pool = new ClientPool(options.url, { kind: 'http', timeoutMs });
  const streams = new SseStreams({
    url: options.url,
    bufferBytes: options.sseBufferBytes ?? 1024 * 1024,
    maxStreams: options.maxStreams ?? 200,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    timeoutMs,
    logger,
  });
  const context: RequestContext = {
    options, logger, pool, streams, maxBody, timeoutMs, ownUser: usernameOf(options.url), allowed: new Set(options.allowOrigins ?? []), refusedOrigins: new Set(),
  };
  const server = createServer((request, response) => {
    handle(context, request, response).catch((error: Error) => {
      logger.error(`http: ${request.method} ${request.url}: ${error.message}`);
      if (!response.headersSent) reply(response, 500, { error: 'the bridge failed; see its log' });
      else response.destroy();
    });
  });
  const closeSockets = trackSockets(server);
  const host = options.lan ? '0.0.0.0' : '127.0.0.1';
  const wanted = options.port ?? DEFAULT_HTTP_BRIDGE_PORT;
  const port = await listenWithFallback(server, { port: wanted, host, strict: options.port !== undefined && wanted !== 0, label: 'HTTP bridge', logger });
  // Logged in at once, so a broker out of reach is said at start, not at the first request.
  const ready = pool.get(undefined).then((entry): LinkOutcome => (entry.ok ? { ok: true } : entry));
  return {
    host,
    port,
    ready,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    get streams() {
      return streams.size;
    },
    async close() {
      streams.closeAll();
      await closeSockets();
      await Promise.all([pool.close(), streams.drained()]);
    },
  };
}

interface RequestContext {
  options: HttpBridgeOptions;
  logger: Logger;
  pool: ClientPool;
  streams: SseStreams;
  maxBody: number;
  timeoutMs: number;
  /** Who the URL logs in as: the login of requests without Basic auth. */
  ownUser: string | undefined;
  /** --allow-origin */
  allowed: ReadonlySet<string>;
  /** Origins already named in the log for a refused request (a page may retry in a loop). */
  refusedOrigins: Set<string>;
}

/** Sets the grant's CORS headers on the answer; true when the page may go on. */
function applyGrant(ctx: RequestContext, request: IncomingMessage, response: ServerResponse, grant: OriginGrant): boolean {
  for (const [name, value] of Object.entries(grant.headers)) response.setHeader(name, value);
  if (!grant.refused) return true;
  const origin = request.headers.origin ?? 'a web page';
  if (!ctx.refusedOrigins.has(origin)) {
    if (ctx.refusedOrigins.size >= 100) ctx.refusedOrigins.clear();
    ctx.refusedOrigins.add(origin);
    ctx.logger.info(`http: refused ${request.method} ${(request.url ?? '/').split('?')[0]} from ${origin}: ${grant.refused}`);
  }
  reply(response, 403, { error: grant.refused }, {}, true);
  return false;
}

async function handle(ctx: RequestContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const raw = request.url ?? '/';
  const [path = '/', query = ''] = raw.split('?', 2);
  const method = request.method ?? 'GET';
  const publishing = path.startsWith('/publish/') || path === '/publish';
  const action = publishing ? 'publish' : path === '/subscribe' ? 'stream' : 'read';
  if (!applyGrant(ctx, request, response, originGrant(request, action, ctx.allowed))) return;
  if (method === 'OPTIONS') return preflight(request, response, action);
  if (publishing) {
    if (method !== 'POST') return reply(response, 405, { error: `use POST to publish, e.g. curl -d 23.5 ${hostOf(request)}/publish/temperatura` }, { allow: 'POST, OPTIONS' });
    return publish(ctx, request, response, path.slice('/publish/'.length), new URLSearchParams(query));
  }
  if (path === '/subscribe') {
    if (method !== 'GET') return reply(response, 405, { error: 'use GET (an EventSource) to subscribe' }, { allow: 'GET, OPTIONS' });
    const login = credentialsOf(request);
    if (login === 'malformed') return reply(response, 400, { error: 'the Authorization header is not HTTP Basic auth (user:password in base64)' });
    return ctx.streams.open(request, response, new URLSearchParams(query).get('topic'), login);
  }
  if (path === '/' && (method === 'GET' || method === 'HEAD')) {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    return void response.end(usage(hostOf(request)));
  }
  reply(response, 404, { error: `nothing at ${path}; try POST /publish/<topic> or GET /subscribe?topic=<filter>` });
}

async function publish(ctx: RequestContext, request: IncomingMessage, response: ServerResponse, rawTopic: string, params: URLSearchParams): Promise<void> {
  let topic: string;
  try {
    topic = decodeURIComponent(rawTopic);
  } catch {
    return reply(response, 400, { error: 'the topic in the path has a broken %-escape' }, {}, true);
  }
  const problem = topicProblem(topic);
  if (problem) return reply(response, 400, { error: problem.replace(/ Example: .*$/, ` Example: POST /publish/sensors/kitchen/temp`) }, {}, true);
  const qos = params.get('qos') ?? '0';
  if (!['0', '1', '2'].includes(qos)) return reply(response, 400, { error: `qos must be 0, 1 or 2, got '${qos}'` }, {}, true);
  const retainText = params.get('retain');
  const retain = retainText === null ? false : parseFlag(retainText);
  if (retain === undefined) return reply(response, 400, { error: `retain must be true or false, got '${retainText}'` }, {}, true);
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > ctx.maxBody) return reply(response, 413, { error: tooLarge(ctx.maxBody, declared) }, {}, true);

  const login = credentialsOf(request);
  if (login === 'malformed') return reply(response, 400, { error: 'the Authorization header is not HTTP Basic auth (user:password in base64)' }, {}, true);
  const pooled = await ctx.pool.get(login);
  if (!pooled.ok) return refuse(response, pooled, true);
  const allowed = mayPublish(ctx.options.known, login ? login.username : ctx.ownUser, topic);
  if (allowed === false) {
    const who = login ? `'${login.username}'` : 'the bridge’s own login';
    return reply(response, 403, { error: `${who} may not publish to '${topic}' (its profile does not allow it)` }, {}, true);
  }
  const body = await readBody(request, ctx.maxBody);
  if (body === 'too large') return reply(response, 413, { error: tooLarge(ctx.maxBody) }, {}, true);
  if (body === 'aborted') return;
  // A QoS 1/2 publish made while the broker is away waits for it to come back; a request
  // should not wait that long.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ctx.timeoutMs)));
  const ok = await Promise.race([pooled.client.publish(topic, body, { qos: Number(qos) as QoS, retain }), late]);
  clearTimeout(timer);
  if (ok === 'late') return reply(response, 502, { error: `the broker did not acknowledge the message within ${ctx.timeoutMs / 1000} s: ${pooled.client.statusText}` });
  if (!ok) return reply(response, 502, { error: `the broker did not take the message: ${pooled.client.statusText}` });
  ctx.logger.verbose(`http: published ${topic} (${body.length} bytes)`);
  response.writeHead(204);
  response.end();
}

/** A CORS preflight the origin policy let through (its allow-origin header is set already). */
function preflight(request: IncomingMessage, response: ServerResponse, action: 'publish' | 'stream' | 'read'): void {
  const everyone = response.getHeader('access-control-allow-origin') === '*';
  // Chromium asks before a public page may reach a loopback or LAN address: granted to an
  // allowed origin, and to every page for the event streams anyone may read.
  const privateNetwork = request.headers['access-control-request-private-network'] === 'true' && (!everyone || action === 'stream');
  response.writeHead(204, {
    'access-control-allow-methods': action === 'publish' ? 'POST, OPTIONS' : 'GET, OPTIONS',
    'access-control-allow-headers': everyone ? 'Last-Event-ID' : 'Authorization, Content-Type, Last-Event-ID',
    'access-control-max-age': '600',
    ...(privateNetwork ? { 'access-control-allow-private-network': 'true' } : {}),
  });
  response.end();
}

/** Basic auth's user and password, undefined without the header, 'malformed' for anything else. */
export function credentialsOf(request: IncomingMessage): Credentials | undefined | 'malformed' {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return 'malformed';
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return 'malformed';
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function readBody(request: IncomingMessage, max: number): Promise<Uint8Array | 'too large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > max) {
        request.pause();
        request.removeAllListeners('data');
        return resolve('too large');
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks, length)));
    // Settling twice is harmless: only the first answer counts.
    request.once('close', () => resolve('aborted'));
  });
}

function tooLarge(max: number, declared?: number): string {
  const size = declared === undefined ? `over ${max} bytes` : `${declared} bytes`;
  return `the body is ${size}; the broker takes at most ${max} bytes (${Math.round(max / 1024)} KB) per message`;
}

function parseFlag(text: string): boolean | undefined {
  if (text === '' || text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}

function hostOf(request: IncomingMessage): string {
  return `http://${request.headers.host ?? 'localhost'}`;
}

function usage(base: string): string {
  return `p5-mqtt-kit HTTP bridge

POST ${base}/publish/<topic>[?qos=1&retain=true]   publishes the body; 204, or 4xx with a JSON reason
GET  ${base}/subscribe?topic=<filter>            the messages as Server-Sent Events (event: message)

  curl -d 23.5 ${base}/publish/temperatura
  curl -N ${base}/subscribe?topic=%23
  new EventSource('${base}/subscribe?topic=sensors/%23').addEventListener('message', (e) => console.log(JSON.parse(e.data)))

HTTP Basic auth logs in as that broker profile (curl -u viewer:viewer …).
`;
}
