// The class graph's look, shared by the graph and its overlays: colours, sizes, number formats.
import type p5 from 'p5';

export const COLOURS = {
  background: '#14151c',
  text: '#e8e8f0',
  muted: '#a9abbd',
  subscription: '#4a5178',
  topic: '#ff7a59',
  panel: '#1f2130',
};

/** The default profiles' colours; every other profile takes the next free one of PROFILE_PALETTE. */
export const PROFILE_COLOURS: Readonly<Record<string, string>> = { public: '#5fd3ff', viewer: '#b48cff', admin: '#ffd35f' };
/**
 * Colours for the other profiles (a class's: professor, aluno01…), as many as a class of 28
 * plus its teacher and a guest needs: picked farthest-first from a grid of light hues, each at
 * least ΔE 16 (CIELAB) from every other, from the defaults above, the text and the background,
 * and at least ΔE 35 from the topics' orange, so a client is never taken for a topic.
 * test/pages/class/graph-style.test.ts holds those distances.
 */
export const PROFILE_PALETTE: readonly string[] = [
  '#20df20', '#51ecb8', '#ec519e', '#bff986', '#ec51ec', '#208fdf', '#cfdf20', '#c6f0c2', '#20df70', '#51ecec',
  '#f9bf86', '#f0c2f0', '#f986ef', '#f986a3', '#8fdf20', '#f9f986', '#df9f20', '#f0e4c2', '#8699f9', '#f0c2c2',
  '#f986c9', '#86f999', '#86b6f9', '#c2c9f0', '#ec51c5', '#c2f0e8', '#dfbf20', '#f9dc86', '#86f9dc', '#77ec51',
];

/**
 * Each profile's colour for as long as the page is open: the defaults their own, the others
 * the next free palette colour in the order they first appear, so colours never change under
 * a class while it watches (sorting by name would shift them as people join). Distinct for up
 * to PROFILE_PALETTE.length profiles besides the defaults; beyond that they repeat.
 */
export class ProfileColours {
  #assigned = new Map<string, string>();

  of(profile: string): string {
    const known = PROFILE_COLOURS[profile];
    if (known) return known;
    let colour = this.#assigned.get(profile);
    if (!colour) {
      colour = PROFILE_PALETTE[this.#assigned.size % PROFILE_PALETTE.length]!;
      this.#assigned.set(profile, colour);
    }
    return colour;
  }
}

/** The base text size: large on a projector, still legible in a small window. */
export function unitOf(p: p5): number {
  return Math.max(12, Math.min(26, Math.min(p.width, p.height) / 40));
}

export type Palette = (css: string, alpha?: number) => ReturnType<p5['color']>;

const palettes = new WeakMap<p5, Map<string, ReturnType<p5['color']>>>();

/**
 * p5 colours made once and kept: parsing a CSS colour for every line and label of every
 * frame cost more than drawing them. Alpha is kept in 16 steps, so the cache stays small.
 */
export function palette(p: p5): Palette {
  let cache = palettes.get(p);
  if (!cache) palettes.set(p, (cache = new Map()));
  return (css, alpha = 1) => {
    const step = Math.round(Math.max(0, Math.min(1, alpha)) * 15);
    const key = `${css}/${step}`;
    let colour = cache.get(key);
    if (!colour) {
      colour = p.color(css);
      if (step < 15) colour.setAlpha((255 * step) / 15);
      cache.set(key, colour);
    }
    return colour;
  };
}

export function formatRate(perSecond: number, unit = ' msg/s'): string {
  return `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)}${unit}`;
}

export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
