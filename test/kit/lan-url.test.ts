import { describe, expect, it } from 'vitest';
import { LAN_URL_META, pageLanUrl } from '../../src/kit/lan-url.js';

/** Just what pageLanUrl() reads of a document. */
function withMeta(content: string | undefined): Document {
  return {
    querySelector: (selector: string) => (content !== undefined && selector === `meta[name="${LAN_URL_META}"]` ? { getAttribute: () => content } : null),
  } as unknown as Document;
}

describe('pageLanUrl', () => {
  it('is the network address the kit announced', () => {
    expect(pageLanUrl(withMeta('http://192.168.1.23:5173/'))).toBe('http://192.168.1.23:5173/');
    expect(pageLanUrl(withMeta(' https://kit.school '))).toBe('https://kit.school/');
  });

  it('is none without the announcement, or when it is not a web address (nothing else gets a QR code)', () => {
    for (const content of [undefined, '', 'not a url', 'javascript:alert(1)', 'file:///etc/passwd']) expect(pageLanUrl(withMeta(content))).toBeUndefined();
  });
});
