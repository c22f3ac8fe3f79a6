/**
 * The <meta name=…> through which `npm start -- --lan` tells its pages the gallery's address
 * on the network (`http://192.168.1.23:5173/`): the one other machines use, which a page
 * opened on the teacher's own screen (127.0.0.1) cannot know by itself.
 */
export const LAN_URL_META = 'p5-mqtt-lan-url';

/**
 * The network address the kit announced to this page, if any; only an http(s) URL counts.
 *
 * @example
 * const lan = pageLanUrl(); // 'http://192.168.1.23:5173/' or undefined
 */
export function pageLanUrl(doc: Document | undefined = globalThis.document): string | undefined {
  const content = doc?.querySelector(`meta[name="${LAN_URL_META}"]`)?.getAttribute('content')?.trim();
  if (!content) return undefined;
  try {
    const url = new URL(content);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
