// Which web pages may use the HTTP bridge from a browser. The bridge serves no pages of its
// own, so a request carrying an Origin comes from a page somewhere else: any site the
// user visits, on their own machine, reaches http://127.0.0.1:8080.
import type { IncomingMessage } from 'node:http';

/**
 * Reads an `--allow-origin` value: a web origin, scheme://host[:port], as a browser sends
 * it in the Origin header. Returns the normalised origin, or a sentence saying what is wrong.
 *
 * @example
 * parseOrigin('https://editor.p5js.org/') // 'https://editor.p5js.org'
 */
export function parseOrigin(text: string): string | { problem: string } {
  const problem = { problem: `--allow-origin expects a web origin like https://editor.p5js.org or http://192.168.0.12:5173 (scheme, host and port; no path), got '${text}'` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return problem;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username) return problem;
  return url.origin;
}

/** What the bridge answers a request from a browser with, by what it asks for. */
export interface OriginGrant {
  /** The page may not do this: answer 403 and do nothing. */
  refused?: string;
  /** Response headers that let the page read the answer (empty for requests from no page). */
  headers: Record<string, string>;
}

/**
 * The bridge's rule for web pages:
 * - requests from no page (curl, boards, Max, shortcuts) are not a browser's business;
 * - publishing from a page is off unless its origin was given with `--allow-origin`;
 * - event streams logged in as the bridge's own login are open to every page (the p5 web
 *   editor reading public streams), and Chromium's Private Network Access preflight for
 *   them is granted; a stream with a login of its own is for allowed origins only.
 *
 * @example
 * originGrant(request, 'publish', new Set(['https://editor.p5js.org']))
 */
export function originGrant(request: IncomingMessage, action: 'publish' | 'stream' | 'read', allowed: ReadonlySet<string>): OriginGrant {
  const origin = request.headers.origin;
  const fetchSite = request.headers['sec-fetch-site'];
  // Browsers send Origin with every POST, same-site or not; Sec-Fetch-Site covers the rest.
  const fromPage = origin !== undefined || fetchSite === 'cross-site' || fetchSite === 'same-site';
  if (!fromPage) return { headers: {} };
  if (origin !== undefined && allowed.has(origin)) return { headers: { 'access-control-allow-origin': origin, vary: 'Origin' } };
  const everyone = { 'access-control-allow-origin': '*' };
  const page = origin ?? 'a web page';
  switch (action) {
    case 'read':
      return { headers: everyone };
    case 'stream':
      if (request.headers.authorization === undefined && !wantsAuthorization(request)) return { headers: everyone };
      return { refused: `an event stream with a login of its own is only for pages the bridge allows; ${page} is not one (start the bridge with --allow-origin ${origin ?? 'ORIGIN'})`, headers: {} };
    case 'publish':
      return { refused: `publishing from web pages is off, and ${page} is not allowed (start the bridge with --allow-origin ${origin ?? 'ORIGIN'} to let that site publish)`, headers: {} };
  }
}

/** Is this a preflight for a request that would carry an Authorization header? */
function wantsAuthorization(request: IncomingMessage): boolean {
  const asked = request.headers['access-control-request-headers'];
  return typeof asked === 'string' && asked.split(',').some((name) => name.trim().toLowerCase() === 'authorization');
}
