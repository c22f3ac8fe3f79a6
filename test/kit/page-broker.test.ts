import { describe, expect, it } from 'vitest';
import { BROKER_PORT_META, pageBroker, unreachableHint } from '../../src/kit/page-broker.js';

/** Just what pageBroker() reads of a document and a location. */
function page(port: string | undefined, href: string): [Document, Location] {
  const url = new URL(href);
  const doc = {
    querySelector: (selector: string) =>
      port !== undefined && selector === `meta[name="${BROKER_PORT_META}"]` ? { getAttribute: () => port } : null,
  } as unknown as Document;
  return [doc, { hostname: url.hostname, protocol: url.protocol } as Location];
}

describe('pageBroker', () => {
  it('is the kit broker at the host the page was reached by, on the announced port', () => {
    expect(pageBroker(...page('9002', 'http://192.168.1.20:5173/sketches/hello/'))).toEqual({ host: '192.168.1.20', wsPort: 9002 });
    expect(pageBroker(...page('8443', 'https://kit.school/'))).toEqual({ host: 'kit.school', wsPort: 8443, secure: true });
  });

  it('is none on a page the kit did not serve, or with a broken port', () => {
    expect(pageBroker(...page(undefined, 'https://editor.p5js.org/'))).toBeUndefined();
    for (const bad of ['', 'abc', '0', '70000', '9001.5']) expect(pageBroker(...page(bad, 'http://localhost/'))).toBeUndefined();
  });
});

describe('unreachableHint', () => {
  const lan = { host: '192.168.1.20', wsPort: 9001 };

  it('suggests npm start only for a broker on this machine', () => {
    expect(unreachableHint('mqtt://localhost', undefined)).toBe('Try: npm start');
    expect(unreachableHint(undefined, { host: 'localhost', wsPort: 9001 })).toBe('Try: npm start');
    expect(unreachableHint('wss://public.cloud.shiftr.io', undefined)).toBeUndefined();
  });

  it("on a student's machine, points at the teacher's kit instead", () => {
    expect(unreachableHint('mqtt://public:public@localhost', lan)).toMatch(/beside this page's server on 192\.168\.1\.20.*npm start/);
  });

  it('says nothing for a URL that will not parse (connect() explains that one)', () => {
    expect(unreachableHint('bogus://x', undefined)).toBeUndefined();
  });
});
