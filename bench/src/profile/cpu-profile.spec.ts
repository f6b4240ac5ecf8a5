import { describe, expect, it } from '@jest/globals';
import { type CpuProfile, ownerOf, summarizeProfile } from './cpu-profile.js';

describe('ownerOf', () => {
  it.each([
    ['file:///app/node_modules/pino/lib/tools.js', 'pino'],
    ['file:///app/node_modules/@nestjs/core/router/x.js', '@nestjs/core'],
    ['file:///app/node_modules/a/node_modules/b/index.js', 'a'],
    ['node:internal/streams/writable', 'node:internal'],
    ['file:///repo/api/dist/messages/messages.service.js', '(api)'],
  ])('%s → %s', (url, owner) => {
    expect(ownerOf(url, 'f')).toBe(owner);
  });

  it('names V8 pseudo-frames and natives', () => {
    expect(ownerOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(ownerOf('', 'writev')).toBe('(native)');
  });
});

describe('summarizeProfile', () => {
  it('shares self samples among functions and packages, leaving idle out', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('write', 'file:///x/node_modules/pino/a.js') },
        { id: 3, callFrame: frame('child', 'file:///x/node_modules/pino/b.js') },
        { id: 4, callFrame: frame('list', 'file:///x/api/dist/m.js') },
      ],
      samples: [1, 1, 1, 2, 2, 3, 4],
    };
    const { owners, functions } = summarizeProfile(profile);
    expect(owners).toEqual([
      { name: 'pino', share: 0.75 },
      { name: '(api)', share: 0.25 },
    ]);
    expect(functions[0]).toEqual({ name: 'write pino:1', share: 0.5 });
  });
});
