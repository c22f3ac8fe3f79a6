// SECURITY.md and its translation say what the kit promises; these checks keep the flags
// and numbers they quote true to the code, and the two versions in step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BROKER_USAGE } from '../../src/node/broker/flags.js';
import { DEFAULT_LOGIN_BACKOFF } from '../../src/node/broker/login-backoff.js';
import { KIND_USAGE } from '../../src/node/bridges/flags.js';

const root = new URL('../../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');
const docs = { en: read('SECURITY.md'), pt: read('SECURITY.pt-BR.md') };

describe('SECURITY.md', () => {
  it('is linked from README, and each version links the other', () => {
    expect(read('README.md')).toContain('[SECURITY.md](SECURITY.md) ([pt-BR](SECURITY.pt-BR.md))');
    expect(docs.en).toContain('(SECURITY.pt-BR.md)');
    expect(docs.pt).toContain('(SECURITY.md)');
  });

  it.each(Object.entries(docs))('%s: every flag it names exists, and the login numbers are the code\'s', (_language, text) => {
    const flags = new Set(text.match(/--[a-z][a-z-]+/g));
    const usage = `${BROKER_USAGE}\n${KIND_USAGE.http}`;
    for (const flag of flags) expect(usage, flag).toContain(flag);
    expect(text).toContain(`${DEFAULT_LOGIN_BACKOFF.burst} logins`);
    expect(text).toContain(`${DEFAULT_LOGIN_BACKOFF.refillMs / 1000} s`);
    expect(text).toContain(String(DEFAULT_LOGIN_BACKOFF.maxAddresses));
  });
});
