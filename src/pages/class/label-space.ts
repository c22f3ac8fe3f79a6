import type p5 from 'p5';

/** A rectangle on the canvas: left, top, width, height. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The canvas area labels already took. Labels are offered busiest first and a label whose
 * box is taken is left out (its node keeps its tooltip), so a crowded graph shows fewer
 * words instead of a pile of overlapping ones.
 *
 * @example
 * const space = new LabelSpace(100);
 * space.take({ x: 0, y: 0, w: 50, h: 20 }); // true
 * space.take({ x: 10, y: 5, w: 50, h: 20 }); // false: overlaps the first
 */
export class LabelSpace {
  #boxes: Box[] = [];
  #reserved = 0;

  /** At most `max` labels in all: checking each against the others grows with their square. */
  constructor(readonly max: number) {}

  /** Takes `box` whatever overlaps it: for what is always drawn (the status line, the legend), before the labels. */
  reserve(box: Box): void {
    this.#reserved++;
    this.#boxes.push(box);
  }

  take(box: Box): boolean {
    if (this.#boxes.length >= this.max + this.#reserved) return false;
    for (const other of this.#boxes) {
      if (box.x < other.x + other.w && other.x < box.x + box.w && box.y < other.y + other.h && other.y < box.y + box.h) return false;
    }
    this.#boxes.push(box);
    return true;
  }
}

/** A label as drawn, for `classGraph.summary().labels` (tests read them to find overlaps). */
export interface DrawnLabel extends Box {
  kind: 'client' | 'topic' | 'status' | 'legend';
  text: string;
}

/**
 * Text widths as the canvas measures them, kept: the same few dozen labels are measured every
 * frame, and a measured width keeps a label inside the canvas where an estimate did not.
 */
export class TextWidths {
  #known = new Map<string, number>();

  of(p: p5, text: string, size: number): number {
    const key = `${size.toFixed(2)}|${text}`;
    let width = this.#known.get(key);
    if (width === undefined) {
      if (this.#known.size > 5000) this.#known.clear();
      p.textSize(size);
      width = p.textWidth(text);
      this.#known.set(key, width);
    }
    return width;
  }
}

/** `text`, shortened with an ellipsis until it is at most `maxWidth` wide at `size`. */
export function fitText(p: p5, widths: TextWidths, text: string, size: number, maxWidth: number): string {
  if (widths.of(p, text, size) <= maxWidth) return text;
  for (let length = text.length - 1; length > 1; length--) {
    const shorter = `${text.slice(0, length - 1)}…`;
    if (widths.of(p, shorter, size) <= maxWidth) return shorter;
  }
  return text.slice(0, 1);
}
