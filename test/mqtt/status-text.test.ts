import { describe, expect, it } from 'vitest';
import { explainRefusal, explainUnreachable } from '../../src/mqtt/status-text.js';
import { isLocalNetworkHost } from '../../src/mqtt/url.js';

describe('explainRefusal: a refused login says what to check where the login was typed', () => {
  const config = { display: 'ws://aluno01:****@127.0.0.1:9001', username: 'aluno01', clientId: 'p5-x' };

  it('points at the URL by default, where sketches write their login', () => {
    expect(explainRefusal(4, config)).toBe("ws://aluno01:****@127.0.0.1:9001 refused the user name or password (connecting as user 'aluno01'). Check the user:password part of the URL, written as mqtt://user:password@host.");
    expect(explainRefusal(5, config)).toMatch(/not authorised \(connecting as user 'aluno01'\): the login is wrong, or this profile may not connect\. Check the user:password part of the URL/);
  });

  it('points at the form on a page with User and Password fields', () => {
    const form = { ...config, loginHint: 'Check the User and Password fields.' };
    for (const code of [4, 5]) {
      expect(explainRefusal(code, form)).toMatch(/Check the User and Password fields\.$/);
      expect(explainRefusal(code, form)).not.toContain('URL');
    }
  });
});

describe('explainUnreachable: an unreachable cloud broker is more likely a network problem here', () => {
  it('asks whether this computer is online for a broker on the internet', () => {
    const text = explainUnreachable('wss://public:****@public.cloud.shiftr.io:443', false, undefined, true);
    expect(text).toMatch(/^Could not connect to wss:\/\/public:\*{4}@public\.cloud\.shiftr\.io:443\. Is this computer online\?/);
    expect(text).not.toContain('Is the broker running');
  });

  it('asks whether the broker runs for one on this computer or network, with the kit\'s hint', () => {
    expect(explainUnreachable('ws://localhost:9001', false, 'Try: npm start')).toBe('Could not connect to ws://localhost:9001. Is the broker running? Try: npm start');
    expect(explainUnreachable('ws://raspberrypi:9001', false)).toBe('Could not connect to ws://raspberrypi:9001. Is the broker running?');
  });
});

describe('isLocalNetworkHost', () => {
  it.each(['localhost', '127.0.0.1', '10.1.2.3', '172.16.0.9', '172.31.255.1', '192.168.1.23', '169.254.3.4', 'teacher-laptop.local', 'pi.lan', 'x.home.arpa', 'gallery-pi', '[::1]', '[fd12::1]', '[fe80::1]'])('%s is here', (host) => {
    expect(isLocalNetworkHost(host)).toBe(true);
  });
  it.each(['public.cloud.shiftr.io', 'test.mosquitto.org', '8.8.8.8', '172.32.0.1', '192.169.0.1', '[2001:db8::1]'])('%s is on the internet', (host) => {
    expect(isLocalNetworkHost(host)).toBe(false);
  });
});
