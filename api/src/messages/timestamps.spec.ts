import { describe, expect, it } from '@jest/globals';
import { timestamptzToIso } from './timestamps.js';

describe('timestamptzToIso', () => {
  it.each([
    ['2026-11-28 20:02:06.527+00', '2026-11-28T20:02:06.527Z'],
    ['2026-11-28 20:02:06.5+00', '2026-11-28T20:02:06.500Z'],
    ['2026-11-28 20:02:06+00', '2026-11-28T20:02:06.000Z'],
    ['2026-01-01 00:00:00.123456+00', '2026-01-01T00:00:00.123Z'],
  ])('writes UTC text %s as %s', (text, iso) => {
    expect(timestamptzToIso(text)).toBe(iso);
  });

  it('converts any other offset through a Date', () => {
    expect(timestamptzToIso('2026-11-28 21:02:06.527+01')).toBe('2026-11-28T20:02:06.527Z');
    expect(timestamptzToIso('2026-11-28 15:32:06.5-04:30')).toBe('2026-11-28T20:02:06.500Z');
  });
});
