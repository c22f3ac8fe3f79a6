import { qrSvg } from '../../kit/qr-code.js';
import type { ClassAccount } from './class-accounts.js';

/**
 * The address a student's card opens: the page, with the student's login for the kit's
 * broker as `?broker=` (sketch pages read it, src/kit/broker-choice.ts). A class's profiles
 * file has no `public` account, so a sketch's own `public:public` would be refused; with
 * this the phone that scans the card is connected as that student. The host is the page's,
 * which a page reads as "the broker that served me", on its real WebSocket port.
 *
 * @example
 * loginLink('http://192.168.1.23:5173/sketches/hello/', { username: 'aluno01', password: 'lua-4821' })
 * // 'http://192.168.1.23:5173/sketches/hello/?broker=mqtt://aluno01:lua-4821@192.168.1.23'
 */
export function loginLink(page: string, account: Pick<ClassAccount, 'username' | 'password'>): string {
  const link = new URL(page);
  const broker = `mqtt://${encodeURIComponent(account.username)}:${encodeURIComponent(account.password)}@${link.hostname}`;
  // ':', '/' and '@' may stand as they are in a query (RFC 3986): a shorter link, a smaller QR code.
  const value = encodeURIComponent(broker).replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%40/g, '@');
  link.search = `${link.search ? `${link.search}&` : '?'}broker=${value}`;
  return link.href;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A printable page of cards, one per student (user, password, the page's address and a QR
 * code of it with the login), then the teacher's, for the teacher to cut and hand out.
 * Labels are in Portuguese and English, as the class may be either. It holds every password
 * in plain text: the CLI writes it for its owner's eyes only.
 *
 * @example
 * await writeFile('turma-cards.html', classCards({ accounts, page: 'http://192.168.1.23:5173/sketches/hello/', profilesFile: 'turma.json' }), { mode: 0o600 });
 */
export function classCards(options: { accounts: readonly ClassAccount[]; page: string; profilesFile: string }): string {
  const { accounts, page, profilesFile } = options;
  const card = (account: ClassAccount) => {
    const login = `
        <dl>
          <dt>usuário · user</dt><dd class="user">${escape(account.username)}</dd>
          <dt>senha · password</dt><dd class="password">${escape(account.password)}</dd>
        </dl>`;
    if (account.role === 'teacher') {
      return `
      <article class="card teacher">
        <h2>professor(a) · teacher</h2>${login}
        <p>Publica e lê tudo, também <code>$SYS/#</code>. Guarde só para você.<br />Publishes and reads everything, <code>$SYS/#</code> too. Keep it to yourself.</p>
      </article>`;
    }
    const link = loginLink(page, account);
    return `
      <article class="card student" data-link="${escape(link)}">${login}
        <figure>${qrSvg(link)}</figure>
        <p class="page">abra · open <span class="url">${breakableUrl(page)}</span></p>
        <p class="rights">Você publica em <code>class/${escape(account.username)}/…</code> e nos tópicos das lições.<br />You publish on <code>class/${escape(account.username)}/…</code> and the lessons' topics.</p>
      </article>`;
  };
  const students = accounts.filter((a) => a.role === 'student');
  const teachers = accounts.filter((a) => a.role === 'teacher');
  return `<!doctype html>
<html lang="pt-BR">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <!-- Passwords below: keep this page out of search engines and caches. -->
    <meta name="robots" content="noindex" />
    <title>Cartões da turma · Class cards (${students.length})</title>
    <style>
      @page { size: A4; margin: 10mm; }
      body { font: 12pt/1.35 system-ui, sans-serif; color: #111; margin: 0; }
      .note { max-width: 60rem; margin: 1rem auto; padding: 0.75rem 1rem; background: #fff4d6; border: 1px solid #e0b64a; }
      .cards { display: grid; grid-template-columns: repeat(2, 1fr); gap: 6mm; padding: 6mm; }
      .card { break-inside: avoid; border: 1px dashed #777; padding: 4mm; display: grid; grid-template-columns: 1fr 34mm; gap: 0 4mm; align-items: start; }
      .card dl { margin: 0; }
      .card dt { font-size: 8pt; color: #555; }
      .card dd { margin: 0 0 2mm; font: 600 15pt/1.2 ui-monospace, monospace; overflow-wrap: anywhere; }
      .card figure { margin: 0; grid-row: span 3; grid-column: 2; }
      .card svg { display: block; width: 34mm; height: 34mm; }
      .card p { margin: 0; grid-column: 1; font-size: 8pt; color: #333; overflow-wrap: anywhere; }
      /* A URL breaks only after a '/', '.' or ':', never inside a word ("sket-ches"). */
      .card .url { font-family: ui-monospace, monospace; overflow-wrap: normal; word-break: normal; }
      .card.teacher { grid-template-columns: 1fr; border-style: solid; }
      .card.teacher h2 { margin: 0 0 2mm; font-size: 10pt; }
      @media print { .note { display: none; } }
    </style>
  </head>
  <body>
    <p class="note">
      Imprima (Ctrl-P) e recorte. Esta página é o único lugar com as senhas em texto: depois de
      imprimir, apague-a. ${escape(profilesFile)} guarda só os hashes. O QR abre a página já
      conectado como o aluno.<br />
      Print (Ctrl-P) and cut. This page is the only place the passwords are in plain text:
      delete it once printed. ${escape(profilesFile)} keeps only their hashes. Each QR code opens
      the page logged in as that student.
    </p>
    <main class="cards">${students.map(card).join('')}${teachers.map(card).join('')}
    </main>
  </body>
</html>
`;
}

/** `url` escaped, with a break opportunity after each '/', '.', ':' and '?' (a run of '/' kept whole). */
export function breakableUrl(url: string): string {
  return url.split(/(?<=[/.:?&])(?![/])/).map(escape).join('<wbr />');
}
