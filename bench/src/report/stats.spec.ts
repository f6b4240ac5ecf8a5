import { describe, expect, it } from '@jest/globals';
import { median, percentile, percentileOfSorted, ratio } from './stats.js';

describe('percentile', () => {
  it('interpolates linearly between closest ranks', () => {
    const values = [10, 20, 30, 40, 50];
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 50)).toBe(30);
    expect(percentile(values, 100)).toBe(50);
    expect(percentile(values, 25)).toBe(20);
    expect(percentile(values, 90)).toBeCloseTo(46);
    expect(percentile(values, 97.5)).toBeCloseTo(49);
  });

  it('does not depend on input order', () => {
    expect(percentile([5, 1, 4, 2, 3], 75)).toBe(4);
  });

  it('is exact for 1..100 at p99 and p97.5 (the latency columns)', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBeCloseTo(99.01);
    expect(percentile(values, 97.5)).toBeCloseTo(97.525);
  });

  it('is the value itself for one value, NaN for none', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('rejects percentiles outside 0–100', () => {
    expect(() => percentileOfSorted([1], 101)).toThrow(RangeError);
    expect(() => percentileOfSorted([1], -1)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('ratio', () => {
  it('divides', () => {
    expect(ratio(600, 1000)).toBeCloseTo(0.6);
  });

  it('is NaN instead of Infinity or a wrong number when an input is missing or zero', () => {
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(undefined, 1)).toBeNaN();
    expect(ratio(1, Number.NaN)).toBeNaN();
  });
});
