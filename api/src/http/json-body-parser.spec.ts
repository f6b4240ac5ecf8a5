import { describe, expect, it } from '@jest/globals';
import { jsonDepthExceeds } from './json-body-parser.js';

describe('jsonDepthExceeds', () => {
  it.each([
    ['a flat object', '{"content":"x"}', 1, false],
    ['exactly the limit', '{"a":[[1]]}', 3, false],
    ['one past the limit', '{"a":[[[1]]]}', 3, true],
    ['brackets inside a string', '{"content":"[[[[{{{{"}', 1, false],
    ['an escaped quote before brackets', '{"content":"\\"[[[["}', 1, false],
    ['an escaped backslash ending a string', '{"a":"\\\\","b":[[1]]}', 2, true],
    ['siblings that close again', '[[],[],[],[]]', 2, false],
  ])('%s', (_case, text, limit, exceeds) => {
    expect(jsonDepthExceeds(text, limit)).toBe(exceeds);
  });
});
