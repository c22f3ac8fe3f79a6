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

/** The default profiles' colours; other profiles get one of OTHER_PROFILES from their name. */
export const PROFILE_COLOURS: Readonly<Record<string, string>> = { public: '#5fd3ff', viewer: '#b48cff', admin: '#ffd35f' };
/** Far from those and from the topics' orange, so a client is never taken for a topic. */
const OTHER_PROFILES = ['#7ee787', '#f778ba', '#3fd0b0', '#c3e88d', '#8fa8ff', '#e6c07b'];

/** The base text size: large on a projector, still legible in a small window. */
export function unitOf(p: p5): number {
  return Math.max(12, Math.min(26, Math.min(p.width, p.height) / 40));
}

export function profileColour(profile: string): string {
  const known = PROFILE_COLOURS[profile];
  if (known) return known;
  let hash = 0;
  for (const char of profile) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return OTHER_PROFILES[hash % OTHER_PROFILES.length]!;
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
