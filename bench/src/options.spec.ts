import { describe, expect, it } from '@jest/globals';
import { OptionsError, parseOptions } from './options.js';

describe('parseOptions', () => {
  it('defaults to the full run: 3 rounds of 10 s, both table sizes, every scenario', () => {
    expect(parseOptions([], '/out')).toMatchObject({
      quick: false,
      rounds: 3,
      durationSeconds: 10,
      warmupSeconds: 3,
      connections: 50,
      sizes: [1000, 1_000_000],
      boots: 5,
      scenarios: ['list', 'deep', 'health', 'web', 'create'],
      build: 'auto',
      outDir: '/out',
      cpuProf: false,
    });
  });

  it('makes --quick short, and lets explicit flags win', () => {
    expect(parseOptions(['--quick'], '/out')).toMatchObject({
      rounds: 1,
      durationSeconds: 3,
      warmupSeconds: 1,
      boots: 3,
      deepWalkRows: 50_000,
    });
    expect(parseOptions(['--quick', '--rounds', '2'], '/out').rounds).toBe(2);
  });

  it('parses lists and keeps scenarios in their canonical order', () => {
    const options = parseOptions(['--sizes', '10,20', '--scenarios', 'create,list', '--no-build'], '/out');
    expect(options.sizes).toEqual([10, 20]);
    expect(options.scenarios).toEqual(['list', 'create']);
    expect(options.build).toBe('never');
  });

  it.each([[['--rounds', '0']], [['--sizes', '10,x']], [['--scenarios', 'list,nope']], [['--unknown']]])(
    'rejects %j',
    (argv) => {
      expect(() => parseOptions(argv, '/out')).toThrow(OptionsError);
    },
  );
});
