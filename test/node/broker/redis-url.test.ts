import { describe, expect, it } from 'vitest';
import { FlagError, parseBrokerFlags } from '../../../src/node/broker/flags.js';
import { createBroker } from '../../../src/node/broker/index.js';
import { checkRedisUrl, maskRedisUrl } from '../../../src/node/broker/redis-url.js';

describe('--cluster URL', () => {
  it('takes redis:// and rediss:// URLs as given', () => {
    for (const url of ['redis://127.0.0.1:6379', 'redis://:pw@10.0.0.5:6380/2', 'rediss://user:pw@cache.example:6380']) {
      expect(checkRedisUrl(url)).toBe(url);
      expect(parseBrokerFlags(['--cluster', url]).cluster).toBe(url);
    }
  });

  it('refuses anything else with an example, and never echoes a password', () => {
    expect(() => parseBrokerFlags(['--cluster', '127.0.0.1:6379'])).toThrow(FlagError);
    expect(() => parseBrokerFlags(['--cluster', '127.0.0.1:6379'])).toThrow(/expects a Redis URL such as redis:\/\/127\.0\.0\.1:6379/);
    expect(() => parseBrokerFlags(['--cluster', 'http://127.0.0.1:6379'])).toThrow(/starting with redis:\/\/ or rediss:\/\/, such as redis:\/\/127\.0\.0\.1:6379/);
    let message = '';
    try {
      parseBrokerFlags(['--cluster', 'mqtt://:hunter2@host:6379']);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("got 'mqtt://:****@host:6379'");
    expect(message).not.toContain('hunter2');
  });

  it('masks the password for logs and errors', () => {
    expect(maskRedisUrl('redis://:s3cret@10.0.0.5:6379/2')).toBe('redis://:****@10.0.0.5:6379/2');
    expect(maskRedisUrl('redis://kit:s3cret@host')).toBe('redis://kit:****@host');
    expect(maskRedisUrl('redis://host:6379')).toBe('redis://host:6379');
    expect(maskRedisUrl('redis://user@host:6379')).toBe('redis://user@host:6379');
  });

  it('is refused together with --persist, saying why, by the CLIs and by createBroker', async () => {
    expect(() => parseBrokerFlags(['--persist', 'data', '--cluster', 'redis://127.0.0.1:6379'])).toThrow(
      /--persist and --cluster cannot be used together: a cluster keeps sessions, retained and queued messages in its Redis/,
    );
    await expect(createBroker({ tcpPort: 0, wsPort: 0, persistDir: 'data', cluster: 'redis://127.0.0.1:6379' })).rejects.toThrow(
      /--persist and --cluster cannot be used together/,
    );
  });
});
