/**
 * Node's legacy `url.parse`, as far as MQTT.js's `connect()` uses it, on the browser's own
 * URL parser instead of a polyfill of Node's url (with punycode and querystring). Fields
 * MQTT.js doesn't read are left out.
 */
interface LegacyUrl {
  protocol: string | null;
  hostname: string | null;
  port: string | null;
  auth: string | null;
  path: string | null;
  query: Record<string, string> | string;
}

// Only to read a relative URL ('/mqtt'), which MQTT.js resolves against the page itself.
const RELATIVE_BASE = 'relative:///';

function parse(text: string, parseQuery = false): LegacyUrl {
  const relative = !/^[a-z][a-z0-9+.-]*:/i.test(text);
  const url = new URL(text, relative ? RELATIVE_BASE : undefined);
  const user = url.username ? decodeURIComponent(url.username) : '';
  const auth = user || url.password ? `${user}${url.password ? `:${decodeURIComponent(url.password)}` : ''}` : null;
  return {
    protocol: relative ? null : url.protocol,
    // As given, brackets included for IPv6 (legacy parse drops them; MQTT.js then builds
    // an unusable ws://::1:9001/).
    hostname: relative ? null : url.hostname || null,
    // Empty for a scheme's default (ws:80, wss:443), where legacy parse says '80'; MQTT.js
    // fills in that same default.
    port: url.port || null,
    auth,
    path: `${url.pathname}${url.search}` || null,
    query: parseQuery ? Object.fromEntries(url.searchParams) : url.search.slice(1),
  };
}

export default { parse };
