import { describe, expect, it } from 'vitest';
import { joinLogin, splitLogin } from '../../../src/pages/inspector/broker-login.js';
import { parseBrokerUrl } from '../../../src/mqtt/url.js';

const defaults = { username: 'public', password: 'public' };

describe('the login form and its URL', () => {
  it('takes credentials out of a URL, and uses the defaults when it has none', () => {
    expect(splitLogin('wss://ana:s3cret@broker.example/mqtt', defaults)).toEqual({ address: 'wss://broker.example/mqtt', username: 'ana', password: 's3cret' });
    expect(splitLogin('ws://127.0.0.1:9001', defaults)).toEqual({ address: 'ws://127.0.0.1:9001', ...defaults });
  });

  it('puts them back so the kit’s URL parser reads the same user and password, whatever they hold', () => {
    for (const [username, password] of [['ana', 'p@ss/w:rd#?'], ['josé', ''], ['a b', '%41']]) {
      const url = joinLogin({ address: 'ws://127.0.0.1:9001', username: username!, password: password! });
      const target = parseBrokerUrl(url, { runtime: 'browser' });
      expect([target.username, target.password ?? '']).toEqual([username, password]);
      expect(splitLogin(url, defaults)).toEqual({ address: 'ws://127.0.0.1:9001', username, password });
    }
  });

  it('connects without credentials when the user is empty, and lets the fields win over an address that has some', () => {
    expect(joinLogin({ address: 'ws://host:1', username: '', password: 'x' })).toBe('ws://host:1');
    expect(joinLogin({ address: 'ws://old:pw@host:1', username: 'new', password: 'pw2' })).toBe('ws://new:pw2@host:1');
  });
});
