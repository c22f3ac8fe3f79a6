import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt's recommended interactive cost; the async call keeps the event loop free meanwhile.
const SCRYPT_COST = { N: 16384, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;

function deriveKey(password: string | Buffer, salt: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, SCRYPT_COST, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * A salted scrypt hash to put in a profiles file instead of the plain password.
 *
 * @example
 * await hashPassword('hunter2') // 'scrypt:9f…:3c…'
 */
export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(plain, salt, KEY_BYTES);
  return `scrypt:${salt.toString('hex')}:${key.toString('hex')}`;
}

/**
 * Does `given` match the stored password (plain or `scrypt:<saltHex>:<hashHex>`)? Compares
 * in constant time so response timing reveals nothing about the stored value.
 *
 * @example
 * await verifyPassword('public', Buffer.from('public')) // true
 */
export async function verifyPassword(stored: string, given: Buffer | string | undefined): Promise<boolean> {
  if (given === undefined) return false;
  const givenBytes = typeof given === 'string' ? Buffer.from(given) : given;
  if (stored.startsWith('scrypt:')) {
    const [, saltHex = '', hashHex = ''] = stored.split(':');
    const expected = Buffer.from(hashHex, 'hex');
    if (expected.length === 0) return false;
    const actual = await deriveKey(givenBytes, Buffer.from(saltHex, 'hex'), expected.length);
    return timingSafeEqual(actual, expected);
  }
  // Digests give equal lengths, which timingSafeEqual needs, without leaking the length.
  const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest();
  return timingSafeEqual(digest(givenBytes), digest(Buffer.from(stored)));
}

/**
 * A stored password no login matches, checked for unknown user names so they cost what a
 * wrong password costs: an scrypt hash when any profile has one (class accounts do), else
 * a plain one, as the profiles in use are checked.
 *
 * @example
 * await verifyPassword(decoyPassword(profiles), given) // false, after the same work
 */
export function decoyPassword(profiles: readonly { password: string }[]): string {
  const hashed = profiles.find((p) => p.password.startsWith('scrypt:'));
  if (!hashed) return randomBytes(KEY_BYTES).toString('hex');
  const [, saltHex = '', hashHex = ''] = hashed.password.split(':');
  return `scrypt:${randomBytes(saltHex.length / 2 || SALT_BYTES).toString('hex')}:${randomBytes(hashHex.length / 2 || KEY_BYTES).toString('hex')}`;
}

// No 0/O, 1/l/I: the password gets read off a projector and typed by hand.
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const GENERATED_LENGTH = 12;

/**
 * The admin password: `MQTT_ADMIN_PASSWORD` when set, otherwise a fresh random one
 * (`generated: true`, so the CLI knows to print it).
 *
 * @example
 * const { password, generated } = resolveAdminPassword(process.env);
 */
export function resolveAdminPassword(env: Record<string, string | undefined> = process.env): { password: string; generated: boolean } {
  const fromEnv = env.MQTT_ADMIN_PASSWORD;
  if (fromEnv) return { password: fromEnv, generated: false };
  let password = '';
  for (let i = 0; i < GENERATED_LENGTH; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return { password, generated: true };
}
