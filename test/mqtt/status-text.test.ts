import { describe, expect, it } from 'vitest';
import { explainRefusal } from '../../src/mqtt/status-text.js';

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
