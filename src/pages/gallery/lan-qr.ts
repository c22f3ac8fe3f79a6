// The gallery's own address on the network, as text and a QR code, where `npm start -- --lan`
// announced it: the teacher projects the gallery and the class scans it. The code is drawn
// here (src/kit/qr-code.ts); no image is fetched from anywhere.
import { pageLanUrl } from '../../kit/lan-url.js';
import './lan-qr.css';
import { pageLanguage } from '../../texts/language.js';
import { pageTexts } from '../../texts/page-texts.js';

/**
 * Puts the figure first in `parent` (it floats beside the heading); resolves to it, or to
 * undefined when the page announces no address. The QR encoder loads only then, so a
 * gallery without `--lan` (and every built site) downloads none of it.
 *
 * @example
 * await mountLanQr(document.querySelector('header')!);
 */
export async function mountLanQr(parent: Element, url = pageLanUrl()): Promise<HTMLElement | undefined> {
  if (!url) return undefined;
  const { qrSvg } = await import('../../kit/qr-code.js');
  const texts = pageTexts(pageLanguage());
  const figure = document.createElement('figure');
  figure.id = 'lan-qr';
  figure.innerHTML = qrSvg(url);
  const svg = figure.querySelector('svg')!;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', texts.qrOf(url));
  const caption = document.createElement('figcaption');
  const link = document.createElement('a');
  link.href = url;
  link.textContent = url;
  caption.append(texts.phonesOnNetwork, link);
  figure.append(caption);
  parent.prepend(figure);
  return figure;
}

void mountLanQr(document.querySelector('header') ?? document.body);
