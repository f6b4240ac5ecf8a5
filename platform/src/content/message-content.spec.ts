import { describe, expect, it } from '@jest/globals';
import { contentLength, contentProblem, MAX_CONTENT_LENGTH } from './message-content.js';

describe('contentLength', () => {
  it('counts code points: an emoji is one, a family emoji its five code points', () => {
    expect(contentLength('abc')).toBe(3);
    expect(contentLength('😀')).toBe(1);
    expect(contentLength('👨‍👩‍👧')).toBe(5);
  });
});

describe('contentProblem', () => {
  it.each([
    ['plain text', 'Hello, world!'],
    ['500 emoji', '😀'.repeat(MAX_CONTENT_LENGTH)],
    ['tabs and line breaks', 'a\tb\nc\r\nd'],
    ['a zero-width joiner sequence', '👨‍👩‍👧'],
    ['a zero-width non-joiner (Persian)', 'می\u200Cخواهم'],
    ['right-to-left text with a mark', 'שלום\u200F!'],
    ['a subdivision flag (tag characters)', '🏴󠁧󠁢󠁥󠁮󠁧󠁿'],
  ])('accepts %s', (_case, text) => {
    expect(contentProblem(text)).toBeUndefined();
  });

  it.each([
    ['empty', '', /between 1 and 500 characters .* \(it has 0\)/],
    ['501 characters', 'x'.repeat(501), /\(it has 501\)/],
    ['a lone high surrogate', 'ab\uD800c', /not valid Unicode: a lone surrogate U\+D800 at character 3/],
    ['a lone low surrogate', '\uDC00', /lone surrogate U\+DC00 at character 1/],
    ['NUL', 'a\u0000b', /control character: U\+0000 at character 2/],
    ['escape', '\u001B[31mred', /control character: U\+001B/],
    ['a C1 control', 'a\u0085', /control character: U\+0085/],
    ['DEL', '\u007F', /control character: U\+007F/],
    ['a right-to-left override', 'invoice\u202Efdp.exe', /bidirectional .*: U\+202E at character 8/],
    ['a first-strong isolate', '\u2068x', /bidirectional .*: U\+2068/],
    ['a zero-width space', 'free\u200Bmoney', /invisible character: U\+200B/],
    ['a byte order mark', 'x\uFEFFy', /invisible character: U\+FEFF/],
    ['a word joiner after an emoji', '😀\u2060', /U\+2060 at character 2/],
  ])('refuses %s, saying why and where', (_case, text, reason) => {
    expect(contentProblem(text)).toMatch(reason);
  });
});
