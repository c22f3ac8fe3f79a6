import { describe, expect, it } from 'vitest';
import { resolveClientId } from '../../src/mqtt/client-id.js';

const RANDOM_ID = /^p5-[a-z0-9]{6}$/;

describe('resolveClientId', () => {
  it('keeps a given id', () => {
    expect(resolveClientId('processing')).toBe('processing');
    expect(resolveClientId(' spaced id ')).toBe(' spaced id ');
  });

  it.each([undefined, '', null])('makes a random p5- id for %j', (given) => {
    expect(resolveClientId(given)).toMatch(RANDOM_ID);
  });

  it('makes a random p5- id when called without an argument', () => {
    expect(resolveClientId()).toMatch(RANDOM_ID);
  });

  it('makes a different id on each call', () => {
    const a = resolveClientId();
    const b = resolveClientId();
    expect(a).toMatch(RANDOM_ID);
    expect(b).toMatch(RANDOM_ID);
    expect(a).not.toBe(b);
    // Over many calls, collisions are (practically) absent.
    const ids = new Set(Array.from({ length: 200 }, () => resolveClientId()));
    expect(ids.size).toBeGreaterThan(195);
  });

  it('accepts 64 characters', () => {
    const id = 'x'.repeat(64);
    expect(resolveClientId(id)).toBe(id);
  });

  it('refuses 65 characters with a RangeError that mentions 64', () => {
    const id = 'x'.repeat(65);
    expect(() => resolveClientId(id)).toThrow(RangeError);
    expect(() => resolveClientId(id)).toThrow(/64/);
    expect(() => resolveClientId(id)).toThrow(/65 characters/);
  });

  it.each([42, true, {}, ['a']])('refuses the non-string %j with a TypeError', (given) => {
    expect(() => resolveClientId(given as unknown as string)).toThrow(TypeError);
    expect(() => resolveClientId(given as unknown as string)).toThrow(/must be text/);
  });
});
