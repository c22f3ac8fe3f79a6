/**
 * The client's commands the transport has not answered yet, each a promise of true/false.
 * Nothing may hang: `dropAll()` resolves every one false (quietly: the reason — a refusal,
 * a disconnect — has been said once already).
 *
 * @example
 * const pending = new PendingCommands();
 * const ok = pending.add((id) => transport.send({ type: 'unsubscribe', id, filter }), (error) => !error);
 * // later, on the transport's { type: 'done', id, error }:
 * pending.settle(id, error);
 */
export class PendingCommands {
  #waiting = new Map<number, { settle: (error?: string) => void; drop: () => void }>();
  #nextId = 1;

  /** Sends with a fresh id; the promise takes what `settle` makes of the answer. */
  add(send: (id: number) => void, settle: (error?: string) => boolean): Promise<boolean> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#waiting.set(id, { settle: (error) => resolve(settle(error)), drop: () => resolve(false) });
      send(id);
    });
  }

  settle(id: number, error?: string): void {
    const waiting = this.#waiting.get(id);
    this.#waiting.delete(id);
    waiting?.settle(error);
  }

  dropAll(): void {
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const { drop } of waiting) drop();
  }
}
