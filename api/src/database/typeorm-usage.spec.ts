import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const srcDir = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sources(srcDir).map((file) => ({
  file: relative(srcDir, file),
  text: readFileSync(file, 'utf8'),
}));

describe('the api reaches the database through public APIs only', () => {
  it("imports TypeORM's package root only (no driver or other internal modules)", () => {
    const deep = files.flatMap(({ file, text }) =>
      [...text.matchAll(/from '(typeorm\/[^']+)'/g)].map((match) => `${file}: ${match[1]}`),
    );
    expect(deep).toEqual([]);
  });

  it("never reads the driver's private pool or connections", () => {
    const internals = files.filter(({ text }) =>
      /\.master\b|obtainMasterConnection|(?<!options)\.driver\b/.test(text),
    );
    expect(internals.map(({ file }) => file)).toEqual([]);
  });

  it('does not import the migrator (the entity describes the table; the migrator only creates it)', () => {
    const migrator = files.filter(({ text }) => text.includes("'@iac-experiment/migrator"));
    expect(migrator.map(({ file }) => file)).toEqual([]);
  });
});
