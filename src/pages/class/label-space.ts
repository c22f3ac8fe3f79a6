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

  /** At most `max` labels in all: checking each against the others grows with their square. */
  constructor(readonly max: number) {}

  take(box: Box): boolean {
    if (this.#boxes.length >= this.max) return false;
    for (const other of this.#boxes) {
      if (box.x < other.x + other.w && other.x < box.x + box.w && box.y < other.y + other.h && other.y < box.y + box.h) return false;
    }
    this.#boxes.push(box);
    return true;
  }
}

/** Roughly how wide `text` is at `size` px in a system sans-serif: close enough to keep labels apart, and free. */
export function textWidthAbout(text: string, size: number): number {
  return text.length * size * 0.56;
}
