/** A `--cluster` value that is not a Redis URL; the CLI prints it with the usage. */
export class RedisUrlError extends Error {
  override name = 'RedisUrlError';
}

/**
 * Checks that `text` is a Redis URL (`redis://` or `rediss://`, host required) and returns
 * it unchanged; ioredis reads the rest (port, user, password, database number).
 *
 * @example
 * checkRedisUrl('redis://127.0.0.1:6379') // 'redis://127.0.0.1:6379'
 * checkRedisUrl('127.0.0.1:6379')         // throws: … such as redis://127.0.0.1:6379
 */
export function checkRedisUrl(text: string): string {
  const example = 'redis://127.0.0.1:6379 (or redis://:password@host:6379, rediss:// for TLS)';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RedisUrlError(`--cluster expects a Redis URL such as ${example}, got '${maskRedisUrl(text)}'`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new RedisUrlError(`--cluster expects a Redis URL starting with redis:// or rediss://, such as ${example}, got '${maskRedisUrl(text)}'`);
  }
  if (!url.hostname) throw new RedisUrlError(`--cluster: the Redis URL '${maskRedisUrl(text)}' names no host, e.g. ${example}`);
  return text;
}

/**
 * The URL fit for a log line or an error: the password (if any) as `****`.
 *
 * @example
 * maskRedisUrl('redis://:s3cret@10.0.0.5:6379/2') // 'redis://:****@10.0.0.5:6379/2'
 */
export function maskRedisUrl(text: string): string {
  // By pattern rather than through URL, so a URL too broken to parse is masked too.
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1****@');
}
