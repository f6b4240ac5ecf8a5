import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { migrations } from './index.js';

const directory = fileURLToPath(new URL('.', import.meta.url));
const migrationFiles = readdirSync(directory).filter(
  (file) => /^\d{13}-.*\.ts$/.test(file) && !file.endsWith('.spec.ts'),
);

describe('migrations list', () => {
  it('lists every migration file in this folder (ESM: nothing is picked up by a glob)', async () => {
    const exported = [];
    for (const file of migrationFiles) {
      const module: Record<string, unknown> = await import(`./${file.replace(/\.ts$/, '.js')}`);
      exported.push(...Object.values(module).filter((value) => typeof value === 'function'));
    }
    expect(new Set(migrations)).toEqual(new Set(exported));
  });

  it('is ordered oldest first, each class name ending with its file timestamp', () => {
    const timestamps = migrations.map((migration) => Number(migration.name.slice(-13)));
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    expect(migrationFiles.map((file) => Number(file.slice(0, 13))).sort()).toEqual(timestamps);
  });
});
