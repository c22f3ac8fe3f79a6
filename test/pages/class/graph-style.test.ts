import { describe, expect, it } from 'vitest';
import { COLOURS, PROFILE_COLOURS, PROFILE_PALETTE, ProfileColours } from '../../../src/pages/class/graph-style.js';

/** CIELAB ΔE (1976) between two #rrggbb colours: about 2 is just noticeable, 10+ clearly different. */
function deltaE(a: string, b: string): number {
  const lab = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
    const x = f((r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047);
    const y = f(r * 0.2126 + g * 0.7152 + b * 0.0722);
    const z = f((r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883);
    return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
}

/** How many profiles besides public, viewer and admin get a colour of their own: a class of 28, its teacher, one more. */
const DISTINCT = 30;

describe('profile colours on the class graph', () => {
  it(`gives ${DISTINCT} profiles (a class of npm run class) and the defaults clearly different colours, none like a topic`, () => {
    expect(PROFILE_PALETTE.length).toBeGreaterThanOrEqual(DISTINCT);
    const colours = new ProfileColours();
    const profiles = ['public', 'viewer', 'admin', 'professor', ...Array.from({ length: DISTINCT - 1 }, (_, i) => `aluno${String(i + 1).padStart(2, '0')}`)];
    const given = profiles.map((profile) => colours.of(profile));
    expect(new Set(given).size).toBe(profiles.length);
    const close: string[] = [];
    given.forEach((a, i) => given.slice(i + 1).forEach((b, j) => {
      if (deltaE(a, b) < 15) close.push(`${profiles[i]} ${a} ~ ${profiles[i + 1 + j]} ${b}`);
    }));
    expect(close).toEqual([]);
    for (const colour of PROFILE_PALETTE) {
      expect(deltaE(colour, COLOURS.topic), colour).toBeGreaterThanOrEqual(35);
      expect(deltaE(colour, COLOURS.background), colour).toBeGreaterThanOrEqual(15);
      expect(deltaE(colour, COLOURS.text), colour).toBeGreaterThanOrEqual(15);
    }
    expect(given.slice(0, 3)).toEqual([PROFILE_COLOURS.public, PROFILE_COLOURS.viewer, PROFILE_COLOURS.admin]);
  });

  it('keeps a profile its colour while others join, in the order they came', () => {
    const colours = new ProfileColours();
    const first = colours.of('aluno07');
    colours.of('aluno01');
    expect(colours.of('aluno07')).toBe(first);
    expect(colours.of('aluno01')).toBe(PROFILE_PALETTE[1]);
  });
});
