import type { Point } from './graph-layout.js';

/** Share of the remaining way a node moves per 60 Hz frame: about half a second to settle. */
const EASE_PER_FRAME = 0.12;

/**
 * Where nodes are drawn, gliding towards where the layout wants them, so a client joining
 * shifts the others smoothly instead of making the whole picture jump. A new node appears in
 * place; a node no longer wanted is forgotten.
 */
export class NodePositions {
  #points = new Map<string, Point>();

  /** `elapsedMs` since the last call: the easing keeps its pace at any frame rate. */
  update(targets: Map<string, Point>, elapsedMs: number): void {
    const share = 1 - Math.pow(1 - EASE_PER_FRAME, Math.min(elapsedMs, 500) / (1000 / 60));
    for (const [key, target] of targets) {
      const point = this.#points.get(key);
      if (!point) this.#points.set(key, { ...target });
      else {
        point.x += (target.x - point.x) * share;
        point.y += (target.y - point.y) * share;
      }
    }
    for (const key of this.#points.keys()) if (!targets.has(key)) this.#points.delete(key);
  }

  get(key: string): Point | undefined {
    return this.#points.get(key);
  }

  entries(): IterableIterator<[string, Point]> {
    return this.#points.entries();
  }
}
