import { describe, expect, it } from 'vitest';
import { exposedProfilesProblem, isInside, servingFolder } from '../../../src/node/dev/served-paths.js';

describe('what of the project folder is served', () => {
  const root = '/home/ana/kit';

  it('names the served folder a file would be in: sketches, public, the browser sources, node_modules, the built site', () => {
    expect(servingFolder(root, '/home/ana/kit/sketches/turma.json')).toBe('sketches/');
    expect(servingFolder(root, '/home/ana/kit/sketches/hello/turma-cards.html')).toBe('sketches/');
    expect(servingFolder(root, '/home/ana/kit/public/turma.json')).toBe('public/');
    expect(servingFolder(root, '/home/ana/kit/src/pages/turma.json')).toBe('src/pages/');
    expect(servingFolder(root, '/home/ana/kit/dist/turma.json')).toBe('dist/');
    expect(servingFolder(root, '/home/ana/kit/node_modules/x/turma.json')).toBe('node_modules/');
    expect(servingFolder(root, '/home/ana/kit/index.html')).toBe('index.html');
  });

  it('leaves the project folder itself, src/node, a sibling named like a served folder, and elsewhere alone', () => {
    for (const file of ['/home/ana/kit/turma.json', '/home/ana/kit/turma-cards.html', '/home/ana/kit/src/node/turma.json', '/home/ana/kit/sketches-private/turma.json', '/home/ana/kit/distribution/turma.json', '/home/ana/turma.json', '/tmp/turma.json']) {
      expect([file, servingFolder(root, file)]).toEqual([file, undefined]);
    }
  });

  it('tells inside from beside: the separator counts', () => {
    expect(isInside('/a/dist', '/a/dist/x')).toBe(true);
    expect(isInside('/a/dist', '/a/dist')).toBe(true);
    expect(isInside('/a/dist', '/a/dist-private/x')).toBe(false);
    expect(isInside('/a/dist', '/a/x')).toBe(false);
    expect(isInside('/a/dist', '/a/dist/../x')).toBe(false);
  });

  it('refuses a profiles file where a page server hands it out: the served folders, or the site serve was given', () => {
    expect(exposedProfilesProblem(root, '/home/ana/kit/public/turma.json')).toMatch(/^The profiles file \/home\/ana\/kit\/public\/turma.json is in public\/, which the kit's pages hand to everyone/);
    expect(exposedProfilesProblem(root, '/home/ana/kit/turma.json')).toBeUndefined();
    expect(exposedProfilesProblem(root, '/srv/site/venue.json', '/srv/site')).toMatch(/is in \/srv\/site\//);
    expect(exposedProfilesProblem(root, '/srv/venue.json', '/srv/site')).toBeUndefined();
    expect(exposedProfilesProblem(root, '/srv/site-private/venue.json', '/srv/site')).toBeUndefined();
  });
});
