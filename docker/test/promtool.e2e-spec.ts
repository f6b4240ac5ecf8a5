import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileAsync } from './support/processes.js';
import { prometheusConfigPath } from './support/prometheus.js';

// promtool comes with Debian's `prometheus` package (.ci/run installs it).
describe('promtool check config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts monitoring/prometheus/prometheus.yml', async () => {
    const { stdout } = await execFileAsync('promtool', ['check', 'config', prometheusConfigPath]);
    expect(stdout).toContain('SUCCESS');
  });

  it('would reject a misspelled setting', async () => {
    const broken = join(dir, 'prometheus.yml');
    writeFileSync(
      broken,
      readFileSync(prometheusConfigPath, 'utf8').replace('scrape_interval:', 'scrape_intervall:'),
    );
    await expect(execFileAsync('promtool', ['check', 'config', broken])).rejects.toMatchObject({
      stderr: expect.stringMatching(/FAILED.*\n.*scrape_intervall not found/),
    });
  });
});
