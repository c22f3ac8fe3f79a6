import { readFile } from 'node:fs/promises';

/**
 * The page a class's cards open, as `npm run class` wrote it into the profiles file
 * (`"cards": { "page": "http://192.168.1.23:5173/sketches/hello/" }`, beside `"profiles"`,
 * which the broker reads and leaves this alone). `npm start -- --profiles turma.json` reads
 * it to serve its pages on that port, so the QR codes printed before the kit started still
 * open them; undefined when the file has none or cannot be read (the broker says why).
 *
 * @example
 * await cardsPageOf('turma.json') // 'http://192.168.1.23:5173/sketches/hello/'
 */
export async function cardsPageOf(profilesPath: string): Promise<string | undefined> {
  try {
    const data = JSON.parse(await readFile(profilesPath, 'utf8')) as { cards?: { page?: unknown } };
    const page = data?.cards?.page;
    return typeof page === 'string' && /^https?:\/\//.test(page) ? page : undefined;
  } catch {
    return undefined;
  }
}

/** The port of a page address (80 or 443 when it names none). */
export function portOfPage(page: string): number {
  const url = new URL(page);
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

/**
 * What `npm start` says when the pages could not get the cards' port: the QR codes open
 * nothing, and how to put that right (free the port, or print cards for the real one).
 */
export function cardsMovedWarning(profilesPath: string, cardsPage: string, pagePort: number, holder: string): string {
  const url = new URL(cardsPage);
  const wanted = portOfPage(cardsPage);
  url.port = String(pagePort);
  return [
    `Warning: the cards of ${profilesPath} open port ${wanted}, which is in use ${holder}; the pages are on ${pagePort}, so the cards' QR codes open nothing.`,
    `  Stop what holds ${wanted} and start again, or print cards for this port:`,
    `  npm run class -- --students N --out ${profilesPath} --url ${url.href} --force`,
  ].join('\n');
}
