// The gallery lists every sketches/*/index.html, from the same glob Vite builds.
import sketches from 'virtual:sketches';

const list = document.querySelector<HTMLUListElement>('#sketches')!;
for (const sketch of sketches) {
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
}
