// The gallery lists every sketches/*/index.html, from the same glob Vite builds, and sends
// each sketch to the broker chosen in the selector above the list.
import sketches from 'virtual:sketches';
import { mountBrokerSelector } from './broker-selector.js';
import { SKETCHES_CHANGED } from '../../kit/page-broker.js';
import { translatePage } from '../../kit/translate-page.js';

// First, so the selector below and the QR caption word themselves in the same language.
const texts = translatePage();

const list = document.querySelector<HTMLUListElement>('#sketches')!;
const links = sketches.map((sketch) => {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = sketch.href;
  const title = document.createElement('strong');
  title.textContent = sketch.title;
  const description = document.createElement('span');
  description.textContent = sketch.description;
  link.append(title, description);
  item.append(link);
  list.append(item);
  return { link, href: sketch.href };
});
// The kit's own pages (the inspector…) connect as sketches do, so they follow the choice too.
for (const link of document.querySelectorAll<HTMLAnchorElement>('#kit-pages a')) links.push({ link, href: link.getAttribute('href')! });

// The sketch page reads ?broker= (src/kit/broker-choice.ts); no parameter means the kit's broker.
mountBrokerSelector(document.querySelector<HTMLFormElement>('#broker')!, texts, (url) => {
  for (const { link, href } of links) link.href = url === undefined ? href : `${href}?broker=${encodeURIComponent(url)}`;
});

// `npm start` tells the gallery when a sketch folder appears, goes or is renamed; only the
// gallery reloads, never a sketch someone is running.
import.meta.hot?.on(SKETCHES_CHANGED, () => location.reload());
