import { describe, expect, it } from '@jest/globals';
import { parseCpuMicros, parseRssBytes } from './proc-stats.js';

describe('parseCpuMicros', () => {
  // /proc/<pid>/stat of a process whose name holds a space and a parenthesis; utime 250, stime 50 ticks.
  const stat =
    '4242 (node (main) x) S 1 4242 4242 0 -1 4194560 9000 0 0 0 250 50 0 0 20 0 11 0 1234 1000000 20000 0 0';

  it('adds user and system time, counting fields after the command name', () => {
    expect(parseCpuMicros(stat, 100)).toBe(3_000_000);
  });

  it('uses the clock tick rate given', () => {
    expect(parseCpuMicros(stat, 1000)).toBe(300_000);
  });

  it('refuses a line it cannot read', () => {
    expect(() => parseCpuMicros('garbage', 100)).toThrow(/unreadable/);
  });
});

describe('parseRssBytes', () => {
  it('reads VmRSS in kB', () => {
    expect(parseRssBytes('Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t  123456 kB\nThreads: 11\n')).toBe(
      123456 * 1024,
    );
  });

  it('refuses a status without VmRSS (a zombie)', () => {
    expect(() => parseRssBytes('Name:\tnode\nState:\tZ (zombie)\n')).toThrow(/VmRSS/);
  });
});
