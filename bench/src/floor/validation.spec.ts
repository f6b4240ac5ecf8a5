import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor } from './cursor.js';
import { parseCreateBody, parseLimit } from './validation.js';

describe('the floor applies the api input rules', () => {
  it.each([
    [null, 50],
    ['1', 1],
    ['100', 100],
    ['0', undefined],
    ['101', undefined],
    ['5.5', undefined],
    ['abc', undefined],
  ])('limit %p → %p', (value, expected) => {
    expect(parseLimit(value)).toBe(expected);
  });

  it('trims content and counts code points, as Postgres does', () => {
    expect(parseCreateBody({ content: '  hi  ' })).toEqual({ content: 'hi' });
    expect(parseCreateBody({ content: '😀'.repeat(500) })).toEqual({ content: '😀'.repeat(500) });
  });

  it.each([
    ['empty', { content: '   ' }],
    ['too long', { content: 'x'.repeat(501) }],
    ['NUL', { content: 'a\0b' }],
    ['not a string', { content: 5 }],
    ['unknown field', { content: 'hi', extra: 1 }],
    ['not an object', ['hi']],
  ])('refuses %s', (_case, body) => {
    expect(parseCreateBody(body)).toHaveProperty('error');
  });

  it('round-trips cursors in the api format and refuses others', () => {
    const cursor = {
      createdAt: new Date('2026-11-28T10:11:12.345Z'),
      id: '3f2c1b8e-0d4a-4c1e-9f7a-2b6d8e0c1a3f',
    };
    const encoded = encodeCursor(cursor);
    expect(Buffer.from(encoded, 'base64url').toString()).toBe(`${cursor.createdAt.getTime()}.${cursor.id}`);
    expect(decodeCursor(encoded)).toEqual(cursor);
    expect(decodeCursor('hello')).toBeUndefined();
    expect(decodeCursor('A'.repeat(101))).toBeUndefined();
  });
});
