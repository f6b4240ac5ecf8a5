import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { composePath } from '../src/compose/compose-file.js';
import { execFileAsync } from './support/processes.js';

// Compose's own reading of the file (Debian's `docker-compose` package; .ci/run installs it). Docker Compose v2
// accepts everything v1 does in this file: it stays within the keys both implement.
describe('docker-compose config', () => {
  it('accepts docker-compose.yml and resolves every service, volume and variable default', async () => {
    const { stdout } = await execFileAsync('docker-compose', ['--file', composePath, 'config'], {
      env: { PATH: process.env.PATH ?? '', GF_ADMIN_PASSWORD: 'a-chosen-password' },
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
    expect(resolved.services.migrator.environment?.DATABASE_URL).toBe(
      'postgres://postgres:postgres@postgres:5432/iac_experiment',
    );
    expect(resolved.services.api.environment?.DATABASE_URL).toBe(
      'postgres://iac_experiment_api:api-local-only@postgres:5432/iac_experiment',
    );
    expect(resolved.services.migrator.environment?.API_DATABASE_URL).toBe(
      resolved.services.api.environment?.DATABASE_URL,
    );
    expect(resolved.services.grafana.environment?.GF_SECURITY_ADMIN_PASSWORD).toBe('a-chosen-password');
  });

  it('refuses to start without a Grafana admin password, naming the variable (no admin/admin)', async () => {
    const failed = await execFileAsync('docker-compose', ['--file', composePath, 'config'], {
      env: { PATH: process.env.PATH ?? '' },
    }).catch((error: { stderr?: string }) => error);
    expect(failed).toMatchObject({ stderr: expect.stringContaining('set GF_ADMIN_PASSWORD') });
  });
});
