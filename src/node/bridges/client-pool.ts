import { createHash } from 'node:crypto';
import { connect } from '../../mqtt/connect.js';
import type { MqttClient } from '../../mqtt/client.js';
import { bridgeClientId, firstConnection, withCredentials, type Credentials, type LinkOutcome } from './broker-link.js';

/** A connection to publish with, or why there is none. */
export type PooledClient = { ok: true; client: MqttClient } | Extract<LinkOutcome, { ok: false }>;

/**
 * One broker connection per login, shared by every request made with it: a spreadsheet
 * posting a value a second must not open a connection a second. At most `max` logins are
 * kept (the least recently used goes), and a refused login is forgotten at once, so a
 * wrong password typed many times leaves nothing behind.
 */
export class ClientPool {
  readonly #clients = new Map<string, Promise<PooledClient>>();

  constructor(
    private readonly url: string,
    private readonly options: { kind: string; timeoutMs: number; max?: number },
  ) {}

  get size(): number {
    return this.#clients.size;
  }

  get(credentials: Credentials | undefined): Promise<PooledClient> {
    // Hashed so the map, a heap snapshot or a debugger never shows the password.
    const key = credentials ? createHash('sha256').update(`${credentials.username}\0${credentials.password}`).digest('hex') : '';
    const known = this.#clients.get(key);
    if (known) {
      // Most recently used last, so eviction takes the oldest.
      this.#clients.delete(key);
      this.#clients.set(key, known);
      return known.then((entry) => (entry.ok && entry.client.status === 'error' ? this.#forget(key, known, entry.client) : entry));
    }
    // A refused login says where it was written: the request's Basic auth, or the bridge's --url.
    const loginHint = credentials
      ? "Check the user name and password of the request's HTTP Basic auth (curl -u user:password)."
      : 'Check the user:password part of the bridge\'s --url, written as mqtt://user:password@host.';
    const client = connect(withCredentials(this.url, credentials), bridgeClientId(this.options.kind), { deliver: 'immediate', loginHint });
    // Its problems reach the caller as answers; nothing goes to the console.
    client.on('error', () => {});
    const pending: Promise<PooledClient> = firstConnection(client, this.options.timeoutMs).then((outcome): PooledClient => {
      if (outcome.ok) return { ok: true, client };
      if (this.#clients.get(key) === pending) this.#clients.delete(key);
      void client.disconnect();
      return outcome;
    });
    this.#clients.set(key, pending);
    const max = this.options.max ?? 64;
    for (const [oldKey, old] of this.#clients) {
      if (this.#clients.size <= max) break;
      this.#clients.delete(oldKey);
      void old.then((entry) => (entry.ok ? entry.client.disconnect() : undefined));
    }
    return pending;
  }

  async close(): Promise<void> {
    const all = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(all.map(async (pending) => {
      const entry = await pending;
      if (entry.ok) await entry.client.disconnect();
    }));
  }

  /** A login the broker refused after all (its profile was removed, say): dropped, and said why. */
  #forget(key: string, entry: Promise<PooledClient>, client: MqttClient): PooledClient {
    if (this.#clients.get(key) === entry) this.#clients.delete(key);
    void client.disconnect();
    return { ok: false, refused: true, reason: client.statusText };
  }
}
