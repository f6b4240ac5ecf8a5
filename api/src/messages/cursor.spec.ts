import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor } from './cursor.js';

const cursor = {
  createdAt: new Date('2026-11-28T10:11:12.345Z'),
  id: '3f2c1b8e-0d4a-4c1e-9f7a-2b6d8e0c1a3f',
};

describe('cursor', () => {
  it('round-trips (created_at, id) to the millisecond', () => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('is URL-safe and opaque', () => {
    expect(encodeCursor(cursor)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encodeCursor(cursor)).not.toContain(cursor.id);
  });

  const encode = (text: string) => Buffer.from(text).toString('base64url');
  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%'],
    ['plain text', 'hello'],
    ['no id', encode('1764324672345')],
    ['bad uuid', encode('1764324672345.not-a-uuid')],
    ['upper-case uuid', encode('1764324672345.3F2C1B8E-0D4A-4C1E-9F7A-2B6D8E0C1A3F')],
    ['bad time', encode(`12ab.${cursor.id}`)],
    ['negative time', encode(`-5.${cursor.id}`)],
    ['too many digits', encode(`${'9'.repeat(16)}.${cursor.id}`)],
    ['extra part', encode(`1764324672345.${cursor.id}.x`)],
    ['too long', 'A'.repeat(101)],
  ])('rejects %s', (_case, value) => {
    expect(decodeCursor(value)).toBeUndefined();
  });
});
