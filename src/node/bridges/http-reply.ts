import type { ServerResponse } from 'node:http';

const REALM = 'Basic realm="p5-mqtt-kit bridge", charset="UTF-8"';

/**
 * A JSON answer, `{ "error": "…" }`. Which web pages may read it is the origin policy's
 * business: it sets those headers on the response first. `hangUp` closes the connection after it: the request's
 * body was not read, and reading a huge one only to throw it away is what a limit avoids.
 */
export function reply(response: ServerResponse, status: number, body: { error: string }, headers: Record<string, string> = {}, hangUp = false): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(hangUp ? { connection: 'close' } : {}), ...headers });
  response.end(`${JSON.stringify(body)}\n`);
}

/** 401 for a login the broker refused (so browsers and curl know to ask), 502 for a broker out of reach. */
export function refuse(response: ServerResponse, outcome: { refused: boolean; reason: string }, hangUp = false): void {
  if (outcome.refused) return reply(response, 401, { error: outcome.reason }, { 'www-authenticate': REALM }, hangUp);
  reply(response, 502, { error: outcome.reason }, {}, hangUp);
}
