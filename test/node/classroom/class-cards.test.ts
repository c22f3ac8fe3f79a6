import { describe, expect, it } from 'vitest';
import { qrSvg } from '../../../src/kit/qr-code.js';
import { makeClassAccounts } from '../../../src/node/classroom/class-accounts.js';
import { classCards, loginLink } from '../../../src/node/classroom/class-cards.js';

describe('class cards', () => {
  it("puts the student's login in the link, on the page's own host, in a form sketch pages read back", () => {
    const link = loginLink('http://teacher.local:5173/sketches/hello/#top', { username: 'aluno01', password: 'p@ss:/%' });
    const url = new URL(link);
    expect(url.hash).toBe('#top');
    expect(url.searchParams.get('broker')).toBe('mqtt://aluno01:p%40ss%3A%2F%25@teacher.local');
  });

  it('escapes what it prints, and draws the QR code of each login link', () => {
    const accounts = makeClassAccounts({ students: 2, prefix: 'a', teacher: 't' });
    const html = classCards({ accounts, page: 'http://h:1/p?x=<b>', profilesFile: 'a&b.json' });
    expect(html).not.toContain('<b>');
    expect(html).toContain('a&#38;b.json');
    for (const account of accounts.slice(1)) expect(html).toContain(qrSvg(loginLink('http://h:1/p?x=<b>', account)));
    expect(html.match(/<svg /g)).toHaveLength(2);
  });
});
