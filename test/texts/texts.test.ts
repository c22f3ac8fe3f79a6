import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { chooseLanguage, describeStatus, pageTexts, sketchTexts, type Language, type StatusReason } from '../../src/texts/index.js';

const LANGUAGES: Language[] = ['en', 'pt-BR'];

/** One reason of every code, with what makes each sentence different. */
const REASONS: StatusReason[] = [
  { code: 'connecting', display: 'ws://h:9001' },
  { code: 'connected', where: 'ws://h:9001', clientId: 'p5-abc' },
  { code: 'reconnecting', where: 'ws://h:9001', attempt: 3 },
  { code: 'lost', where: 'ws://h:9001' },
  { code: 'disconnected', display: 'ws://h:9001' },
  { code: 'unreachable', display: 'ws://h:9001', everConnected: false, hint: 'Try: npm start' },
  { code: 'unreachable', display: 'ws://h:9001', everConnected: true },
  ...[1, 2, 3, 4, 5, 9].map((refusal): StatusReason => ({ code: 'refused', display: 'ws://h:9001', refusal, username: 'aluno05', clientId: 'p5-abc' })),
  { code: 'refused', display: 'ws://h:9001', refusal: 3, clientId: 'p5-abc', retrying: true },
  { code: 'kick-loop', display: 'ws://h:9001', clientId: 'p5-abc' },
  { code: 'kick-loop', display: 'ws://h:9001', clientId: 'p5-abc', retryEveryMs: 30_000 },
  { code: 'broken', why: 'the worker crashed' },
];

describe('the kit’s texts', () => {
  it('picks Portuguese when the browser’s first language is any Portuguese, English otherwise', () => {
    expect(chooseLanguage(['pt-BR', 'en-US'])).toBe('pt-BR');
    expect(chooseLanguage(['pt'])).toBe('pt-BR');
    expect(chooseLanguage(['PT-pt'])).toBe('pt-BR');
    expect(chooseLanguage(['en-US', 'pt-BR'])).toBe('en');
    expect(chooseLanguage(['es-AR'])).toBe('en');
    expect(chooseLanguage(['pta'])).toBe('en');
    expect(chooseLanguage([])).toBe('en');
    expect(chooseLanguage(undefined)).toBe('en');
  });

  it.each([['page', pageTexts], ['sketch', sketchTexts]] as const)('has every %s text in both languages, and the Portuguese is not the English left as it was', (_, table) => {
    const [en, pt] = LANGUAGES.map((language) => table(language) as unknown as Record<string, unknown>);
    expect(Object.keys(pt!).sort()).toEqual(Object.keys(en!).sort());
    const same: string[] = [];
    for (const key of Object.keys(en!)) {
      const word = (value: unknown) => (typeof value === 'function' ? (value as (...a: unknown[]) => string)(['setup'], 2, 1) : JSON.stringify(value));
      const [e, p] = [word(en![key]), word(pt![key])];
      expect(e.length, key).toBeGreaterThan(0);
      expect(p.length, key).toBeGreaterThan(0);
      if (e === p) same.push(key);
    }
    // The same in both on purpose: words Portuguese takes from English, and units.
    expect(same.filter((key) => !['brokerLegend', 'perSecond', 'sketchesLabel'].includes(key))).toEqual([]);
  });

  it('words every status reason in both languages, English by default, keeping names and addresses', () => {
    for (const reason of REASONS) {
      const [en, pt] = LANGUAGES.map((language) => describeStatus(reason, language));
      expect(describeStatus(reason)).toBe(en);
      expect(pt, reason.code).not.toBe(en);
      for (const kept of ['ws://h:9001', 'p5-abc', 'aluno05', 'the worker crashed']) if (en!.includes(kept)) expect(pt).toContain(kept);
    }
    expect(describeStatus({ code: 'unreachable', display: 'ws://h:9001', everConnected: false, hint: 'Try: npm start' }, 'pt-BR')).toBe('Não deu para conectar a ws://h:9001. O broker está rodando? Experimente: npm start');
    expect(describeStatus({ code: 'other', text: 'as it is' }, 'pt-BR')).toBe('as it is');
  });

  it('has a text for every data-text key the kit’s pages use', () => {
    const en = pageTexts('en') as unknown as Record<string, unknown>;
    for (const page of ['index.html', 'class/index.html', 'inspector/index.html', 'serial/index.html']) {
      const html = readFileSync(new URL(`../../${page}`, import.meta.url), 'utf8');
      const keys = [...html.matchAll(/data-(?:text|placeholder|aria-label)="([^"]+)"/g)].map((m) => m[1]!);
      expect(keys.length, page).toBeGreaterThan(3);
      for (const key of keys) expect(typeof en[key], `${page}: ${key}`).toBe('string');
    }
  });
});
