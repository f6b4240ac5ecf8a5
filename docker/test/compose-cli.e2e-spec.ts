import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { composePath } from '../src/compose/compose-file.js';
import { execFileAsync } from './support/processes.js';

// Compose's own reading of the file (Debian's `docker-compose` package; .ci/run installs it). Docker Compose v2
// accepts everything v1 does in this file: it stays within the keys both implement.
describe('docker-compose config', () => {
  it('accepts docker-compose.yml and resolves every service, volume and variable default', async () => {
    const { stdout } = await execFileAsync('docker-compose', ['--file', composePath, 'config'], {
      env: { PATH: process.env.PATH ?? '' },
    });
    const resolved = parse(stdout) as {
      services: Record<string, { environment?: Record<string, string> }>;
      volumes: Record<string, unknown>;
    };
    expect(Object.keys(resolved.services).sort()).toEqual(
      ['api', 'grafana', 'migrator', 'postgres', 'prometheus', 'proxy', 'web'].sort(),
    );
    expect(Object.keys(resolved.volumes).sort()).toEqual([
      'grafana-data',
      'postgres-data',
      'prometheus-data',
    ]);
    expect(resolved.services.api.environment?.DATABASE_URL).toBe(
      'postgres://postgres:postgres@postgres:5432/iac_experiment',
    );
  });
});
