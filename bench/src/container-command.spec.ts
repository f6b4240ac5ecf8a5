import { describe, expect, it } from '@jest/globals';
import { containerNodeArgs } from './container-command.js';

describe('containerNodeArgs', () => {
  it("reads the node flags and entry point of each workload's container", async () => {
    const api = await containerNodeArgs('api');
    expect(api.at(-1)).toBe('dist/main.bundle.js');
    expect(api).toContainEqual(expect.stringMatching(/^--max-old-space-size=\d+$/));
    expect(await containerNodeArgs('web')).toEqual([
      '--no-allocation-site-pretenuring',
      'dist/main.bundle.js',
    ]);
  });
});
