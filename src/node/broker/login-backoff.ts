/** How many failed logins an address may make, and how fast that allowance comes back. */
export interface LoginBackoffLimits {
  /** Failed logins in a row an address may make before it must wait. Default 10. */
  burst: number;
  /** Then one more attempt per this many ms. Default 6000 (10 a minute). */
  refillMs: number;
  /** Addresses remembered at most (the oldest is forgotten first). Default 4096. */
  maxAddresses: number;
}

/**
 * The defaults: a student who mistypes their password ten times is not slowed down; then
 * an address gets one more try every 6 s. A 20-bit class password (about a million
 * choices) then takes one address about 70 days to try, instead of about 14 hours at
 * scrypt's ~50 ms per guess with no limit.
 */
export const DEFAULT_LOGIN_BACKOFF: LoginBackoffLimits = { burst: 10, refillMs: 6000, maxAddresses: 4096 };

interface Debt {
  /** Failed logins not yet paid back by waiting, as of `at`. */
  spent: number;
  at: number;
  /** The refusals of this lock already said in the log. */
  reported: boolean;
}

/**
 * Failed logins per network address, as a token bucket: each failure spends one of
 * `burst` tries, each `refillMs` gives one back. While none is left, the broker refuses
 * that address's logins at once, without checking the password (so no scrypt either).
 * A success does not wipe the slate: a student with one valid account must not be able
 * to reset the count between guesses at the teacher's password. IPv6 addresses count by
 * their /64, as one machine can take many addresses within it.
 *
 * @example
 * const backoff = new LoginBackoff();
 * if (backoff.waitMs(address) > 0) refuse(); else if (!ok) backoff.failed(address);
 */
export class LoginBackoff {
  readonly #debts = new Map<string, Debt>();

  constructor(
    private readonly limits: LoginBackoffLimits = DEFAULT_LOGIN_BACKOFF,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long `address` must wait before its next login is checked; 0 when it may try now. */
  waitMs(address: string): number {
    const debt = this.#current(addressKey(address));
    // A try needs a whole one left: `burst - 1` spent at most.
    const over = (debt?.spent ?? 0) - (this.limits.burst - 1);
    return over > 0 ? Math.ceil(over * this.limits.refillMs) : 0;
  }

  /** Counts a failed login (unknown user, wrong password) from `address`. */
  failed(address: string): void {
    const key = addressKey(address);
    const debt = this.#current(key) ?? { spent: 0, at: this.now(), reported: false };
    if (debt.spent <= this.limits.burst - 1) debt.reported = false;
    debt.spent += 1;
    // Re-inserted, so the Map's order is least recently failed first.
    this.#debts.delete(key);
    this.#debts.set(key, debt);
    if (this.#debts.size > this.limits.maxAddresses) this.#debts.delete(this.#debts.keys().next().value as string);
  }

  /** True once per lock of `address`: the first refusal is logged, the rest are counted. */
  firstRefusal(address: string): boolean {
    const debt = this.#debts.get(addressKey(address));
    if (!debt || debt.reported) return false;
    debt.reported = true;
    return true;
  }

  /** Addresses remembered now (for tests of the memory bound). */
  get size(): number {
    return this.#debts.size;
  }

  #current(key: string): Debt | undefined {
    const debt = this.#debts.get(key);
    if (!debt) return undefined;
    const now = this.now();
    debt.spent = Math.max(0, debt.spent - (now - debt.at) / this.limits.refillMs);
    debt.at = now;
    if (debt.spent === 0) {
      this.#debts.delete(key);
      return undefined;
    }
    return debt;
  }
}

/** The address an allowance belongs to: IPv4 as it is, IPv6 by its first 64 bits. */
export function addressKey(address: string): string {
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => (g.replace(/^0+(?=.)/, '') || '0').toLowerCase()).join(':')}::/64`;
}
