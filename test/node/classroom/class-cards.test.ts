import { describe, expect, it } from 'vitest';
import { qrSvg } from '../../../src/kit/qr-code.js';
import { makeClassAccounts } from '../../../src/node/classroom/class-accounts.js';
import { breakableUrl, classCards, loginLink } from '../../../src/node/classroom/class-cards.js';

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

  it('lets the page address break only after a slash, dot or colon, never inside a word', () => {
    expect(breakableUrl('http://192.168.1.23:5173/sketches/hello/')).toBe('http://<wbr />192.<wbr />168.<wbr />1.<wbr />23:<wbr />5173/<wbr />sketches/<wbr />hello/');
    const html = classCards({ accounts: makeClassAccounts({ students: 1, prefix: 'a', teacher: 't' }), page: 'http://h.local:5173/sketches/hello/', profilesFile: 'p.json' });
    expect(html).toContain('<span class="url">http://<wbr />h.<wbr />local:<wbr />5173/<wbr />sketches/<wbr />hello/</span>');
    // The card's text may break anywhere (a long password); its address may not.
    expect(html).toMatch(/\.card \.url \{[^}]*overflow-wrap: normal/);
  });
});
