import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../../src/node/broker/json-syntax.js';

describe('findJsonSyntaxError', () => {
  it.each([
    '{}', '[]', '"x"', '0', '-1.5e+3', 'true', ' null ', '{"a": [1, {"b": "c\\"\\u00e9"}], "d": false}',
  ])('finds nothing wrong in %j', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    ['{\n  "a": 1,\n}', 2, 9, "a comma after the last item, before '}'"],
    ['[1,\n 2,\n]', 2, 3, "a comma after the last item, before ']'"],
    ['{ "profiles": [ { "username": "a", ', 1, 36, 'expected a "name" in double quotes but found the end of the file'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, "expected ',' or '}' but found '\"' (a comma missing before it?)"],
    ["{ 'a': 1 }", 1, 3, 'expected a "name" in double quotes'],
    ['{ "a": \'x\' }', 1, 8, 'needs double quotes'],
    ['{ "a": 1 // note\n}', 1, 10, "expected ',' or '}' but found '/'"],
    ['// comment\n{}', 1, 1, 'JSON allows no comments'],
    ['{ "a" 1 }', 1, 7, "expected ':' after the name"],
    ['{ "a": "b\nc" }', 1, 10, 'a line break inside'],
    ['{ "a": "b\\x" }', 1, 10, 'a backslash must start an escape'],
    ['{ "a": "never closed }', 1, 8, 'this text is never closed'],
    ['{ "a": 01 }', 1, 9, "expected ',' or '}' but found '1'"],
    ['{ "a": - }', 1, 8, 'not a number'],
    ['{ "a": tru }', 1, 8, 'expected a value'],
    ['{} {}', 1, 4, 'more text after the end of the JSON'],
    ['', 1, 1, 'the file is empty'],
    ['  \n ', 1, 1, 'the file is empty'],
  ])('locates the problem in %j', (text, line, column, problem) => {
    expect(() => JSON.parse(text)).toThrow();
    const found = findJsonSyntaxError(text);
    expect(found).toMatchObject({ line, column });
    expect(found?.problem).toContain(problem);
  });

  it('gives up quietly on absurd nesting instead of overflowing the stack', () => {
    expect(findJsonSyntaxError('['.repeat(200_000))).toBeUndefined();
  });
});
