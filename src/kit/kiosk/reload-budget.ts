/** One reload the watchdog made: when (ms since 1970) and why. */
export interface ReloadRecord {
  at: number;
  reason: string;
}

/**
 * How many reloads a page has left, remembered across the reloads themselves in session
 * storage: this tab only, and a restarted browser starts afresh, which is what a person
 * restarting the gallery computer expects.
 */
export class ReloadBudget {
  constructor(
    private readonly storage: Storage | undefined,
    private readonly key: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Reloads made within the window, oldest first. */
  recent(now = Date.now()): ReloadRecord[] {
    return this.#read().filter((record) => now - record.at < this.windowMs && record.at <= now);
  }

  /**
   * Takes one reload if the budget allows and it can be remembered; false means don't
   * reload. Without storage a reload could not be counted, so none is made: a reload loop
   * is worse than a stopped piece that says why.
   */
  take(reason: string, now = Date.now()): boolean {
    if (!this.storage) return false;
    const recent = this.recent(now);
    if (recent.length >= this.max) return false;
    try {
      this.storage.setItem(this.key, JSON.stringify([...recent, { at: now, reason }]));
      return true;
    } catch {
      return false;
    }
  }

  #read(): ReloadRecord[] {
    let data: unknown;
    try {
      data = JSON.parse(this.storage?.getItem(this.key) ?? '[]');
    } catch {
      return [];
    }
    if (!Array.isArray(data)) return [];
    return data.filter((item): item is ReloadRecord => typeof item?.at === 'number' && typeof item?.reason === 'string');
  }
}

/** sessionStorage, or undefined where touching it throws (sandboxed frames, some privacy modes). */
export function sessionStore(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}
