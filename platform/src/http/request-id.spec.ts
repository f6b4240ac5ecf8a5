import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { requestIdFor } from './request-id.js';

const withHeader = (value?: string | string[]) =>
  ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it.each([
    'abc',
    '3f2c1b8e-0d4a-4c1e-9f7a-2b6d8e0c1a3f',
    'Root=1-67891233-abcdef012345678912345678',
    'a.b:c_d-e',
  ])('keeps the caller id %s', (id) => {
    expect(requestIdFor(withHeader(id))).toBe(id);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'x'.repeat(129)],
    ['spaces', 'a b'],
    ['newline', 'a\nb'],
    ['json', '{"a":1}'],
    ['repeated header', ['a', 'b']],
  ])('generates a UUID when the header is %s', (_case, value) => {
    expect(requestIdFor(withHeader(value))).toMatch(UUID);
  });

  it('generates a different id each time', () => {
    expect(requestIdFor(withHeader())).not.toBe(requestIdFor(withHeader()));
  });
});
