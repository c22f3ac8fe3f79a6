import { describe, expect, it } from 'vitest';
import { forgetKitLogin, kitLogin, rememberKitLogin, withKitLogin } from '../../src/kit/kit-login.js';

/** A tab's sessionStorage, as the browser gives it. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() { return items.size; },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

const teacher = { host: 'teacher-laptop.local', wsPort: 9001 };
const card = `?broker=${'mqtt://aluno05:lua-4821@teacher-laptop.local'}`;

describe('a class card login follows the student across the kit\'s pages', () => {
  it('is remembered from the card link\'s ?broker= and replaces public:public on the kit\'s broker', () => {
    const tab = memoryStorage();
    expect(rememberKitLogin(card, teacher, tab)).toEqual({ host: 'teacher-laptop.local', username: 'aluno05', password: 'lua-4821' });
    // Lessons and most sketches write the kit's default account, or no login at all.
    expect(withKitLogin('mqtt://public:public@localhost', teacher, tab)).toBe('mqtt://aluno05:lua-4821@localhost');
    expect(withKitLogin(undefined, teacher, tab)).toBe('mqtt://aluno05:lua-4821@localhost');
    expect(withKitLogin('ws://teacher-laptop.local:9001', teacher, tab)).toBe('ws://aluno05:lua-4821@teacher-laptop.local:9001');
    expect(withKitLogin('localhost', teacher, tab)).toBe('aluno05:lua-4821@localhost');
  });

  it('keeps any other account a sketch names (lesson 5 logs in as viewer on purpose)', () => {
    const tab = memoryStorage();
    rememberKitLogin(card, teacher, tab);
    expect(withKitLogin('mqtt://viewer:viewer@localhost', teacher, tab)).toBe('mqtt://viewer:viewer@localhost');
    expect(withKitLogin('mqtt://public@localhost', teacher, tab)).toBe('mqtt://public@localhost');
  });

  it('never goes to another broker, nor to another kit', () => {
    const tab = memoryStorage();
    rememberKitLogin(card, teacher, tab);
    expect(withKitLogin('mqtt://public:public@public.cloud.shiftr.io', teacher, tab)).toBe('mqtt://public:public@public.cloud.shiftr.io');
    const otherKit = { host: '192.168.0.9', wsPort: 9001 };
    expect(kitLogin(otherKit, tab)).toBeUndefined();
    expect(withKitLogin('mqtt://public:public@localhost', otherKit, tab)).toBe('mqtt://public:public@localhost');
    // A page not served by a kit has no kit login to use.
    expect(withKitLogin('mqtt://public:public@localhost', undefined, tab)).toBe('mqtt://public:public@localhost');
  });

  it('is only taken from a ?broker= that names this kit and a user other than public', () => {
    const tab = memoryStorage();
    expect(rememberKitLogin('?broker=wss://someone:pw@public.cloud.shiftr.io', teacher, tab)).toBeUndefined();
    expect(rememberKitLogin('?broker=mqtt://public:public@teacher-laptop.local', teacher, tab)).toBeUndefined();
    expect(rememberKitLogin('?broker=mqtt://teacher-laptop.local', teacher, tab)).toBeUndefined();
    expect(rememberKitLogin('?broker=%%%', teacher, tab)).toBeUndefined();
    expect(rememberKitLogin(card, undefined, tab)).toBeUndefined();
    expect(kitLogin(teacher, tab)).toBeUndefined();
  });

  it('keeps passwords with URL characters intact', () => {
    const tab = memoryStorage();
    rememberKitLogin(`?broker=${encodeURIComponent('mqtt://ana:a%40b%2Fc@teacher-laptop.local')}`, teacher, tab);
    expect(kitLogin(teacher, tab)?.password).toBe('a@b/c');
    expect(withKitLogin('mqtt://public:public@localhost', teacher, tab)).toBe('mqtt://ana:a%40b%2Fc@localhost');
  });

  it('is forgotten on log out, and survives storage that throws', () => {
    const tab = memoryStorage();
    rememberKitLogin(card, teacher, tab);
    forgetKitLogin(tab);
    expect(kitLogin(teacher, tab)).toBeUndefined();
    const blocked = { ...memoryStorage(), getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('blocked'); } } as Storage;
    expect(rememberKitLogin(card, teacher, blocked)?.username).toBe('aluno05');
    expect(withKitLogin('mqtt://public:public@localhost', teacher, blocked)).toBe('mqtt://public:public@localhost');
  });
});
