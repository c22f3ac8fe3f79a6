import { MAX_CLIENT_ID_LENGTH } from './defaults.js';

/**
 * The client id to connect with: the one given (Processing users pass a fixed one such
 * as "processing"), or `p5-` plus a random suffix. Throws a readable error for an id a
 * broker such as shiftr.io would refuse.
 *
 * @example
 * resolveClientId('processing') // 'processing'
 * resolveClientId()             // 'p5-k3x9q2'
 */
export function resolveClientId(clientId?: string | null): string {
  if (clientId === undefined || clientId === null || clientId === '') return `p5-${randomSuffix()}`;
  if (typeof clientId !== 'string') {
    throw new TypeError(`The client id must be text, e.g. connect(url, 'my-sketch'); got ${typeof clientId}.`);
  }
  if (clientId.length > MAX_CLIENT_ID_LENGTH) {
    throw new RangeError(
      `The client id '${clientId.slice(0, 20)}…' is ${clientId.length} characters long; brokers such as shiftr.io accept at most ${MAX_CLIENT_ID_LENGTH}. Use a shorter one, or omit it to get a random one.`,
    );
  }
  return clientId;
}

function randomSuffix(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}
