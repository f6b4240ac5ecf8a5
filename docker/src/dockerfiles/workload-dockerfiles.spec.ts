import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { validate } from 'dockerfile-utils';
import { repoPath } from '../repo-paths.js';
import { args, contextSources, loadDockerfile, WORKLOADS } from './workload-dockerfiles.js';

// Node release lines in support on this project's horizon (Node 20 reached end of life on 2026-04-30).
const SUPPORTED_LTS_MAJORS = [22, 24];
const RDS_CA_PATH = '/etc/ssl/certs/rds-global-bundle.pem';
// CommonJS (`module.exports = ignore`) with types that claim a default export: load it the CommonJS way.
const ignore = createRequire(import.meta.url)(
  '@balena/dockerignore',
) as typeof import('@balena/dockerignore').default;
const dockerignore = ignore().add(readFileSync(repoPath('.dockerignore'), 'utf8'));

describe.each(WORKLOADS)('%s/Dockerfile', (workload) => {
  const dockerfile = loadDockerfile(workload);
  const runtime = dockerfile.stages.at(-1);
  const runtimeArgs = (keyword: string) =>
    (runtime?.instructions ?? []).filter((i) => i.getKeyword() === keyword).map(args);

  it('has no errors a Dockerfile linter reports', () => {
    expect(validate(dockerfile.content).map((diagnostic) => diagnostic.message)).toEqual([]);
  });

  it('is multi-stage on a supported Node LTS slim image pinned by digest, named once', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(3);
    const external = dockerfile.stages
      .map((stage) => args(stage.instructions[0]).split(/\s+/)[0] ?? '')
      .filter((from) => !dockerfile.stages.some((stage) => stage.name === from));
    // One external image, by digest (a tag can move between CI's build and the deploy's): Dependabot updates it.
    expect(external).toHaveLength(1);
    const [, major] = /^node:(\d+)(\.\d+)*-[a-z]+-slim@sha256:[0-9a-f]{64}$/.exec(external[0] ?? '') ?? [];
    expect(SUPPORTED_LTS_MAJORS).toContain(Number(major));
    // The stand-in swap in docker/scripts/test-images.sh replaces exactly this line.
    expect(dockerfile.stages[0]?.name).toBe('node-base');
    expect(dockerfile.globalArgs.size).toBe(0);
  });

  it('is the same base image in every Dockerfile', () => {
    const bases = WORKLOADS.map(
      (other) => loadDockerfile(other).content.match(/^FROM \S+ AS node-base$/m)?.[0],
    );
    expect(bases.every(Boolean)).toBe(true);
    expect(new Set(bases).size).toBe(1);
  });

  it('installs only its own workspace focus, and production dependencies in the final image', () => {
    const focus = dockerfile.stages.flatMap((stage) =>
      stage.instructions.filter((i) => i.getKeyword() === 'RUN').map(args),
    );
    expect(focus).toContain(`yarn workspaces focus @iac-experiment/${workload}`);
    expect(focus).toContain(`yarn workspaces focus --production @iac-experiment/${workload}`);
    expect(runtimeArgs('RUN')).toEqual([]);
  });

  it('runs node directly as a non-root user with NODE_ENV=production', () => {
    expect(runtimeArgs('USER')).toEqual(['node']);
    expect(runtimeArgs('ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
    // Exec form: a shell (`CMD node ...`) or a package manager in between would swallow SIGTERM.
    // api and web run their one-file bundle (see platform/bin/bundle-service.mjs); the migrator its compiled main.
    // The api caps its V8 heap, and both turn off V8's pretenuring (see their Dockerfiles); yarn bench runs them
    // with the same flags.
    const command = {
      api: [
        'node',
        '--max-semi-space-size=8',
        '--max-old-space-size=96',
        '--no-allocation-site-pretenuring',
        'dist/main.bundle.js',
      ],
      web: ['node', '--no-allocation-site-pretenuring', 'dist/main.bundle.js'],
      migrator: ['node', 'dist/main.js'],
    }[workload];
    expect(runtimeArgs('CMD').map((cmd) => JSON.parse(cmd))).toEqual([command]);
    expect(runtimeArgs('ENTRYPOINT')).toEqual([]);
  });

  it('copies nothing the .dockerignore keeps out of the build context', () => {
    const sources = dockerfile.stages.flatMap(contextSources);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => dockerignore.ignores(source.replace(/\/$/, '')))).toEqual([]);
  });

  it(`puts the RDS CA bundle at ${RDS_CA_PATH} when the workload talks to the database`, () => {
    const copiesBundle = runtimeArgs('COPY').some((copy) => copy.endsWith(` ${RDS_CA_PATH}`));
    expect(copiesBundle).toBe(workload !== 'web');
  });
});

describe('.dockerignore', () => {
  it.each([
    'node_modules/typeorm/package.json',
    'api/node_modules/x/index.js',
    'api/dist/main.js',
    'web/test/board.e2e-spec.ts',
    'api/src/messages/messages.service.spec.ts',
    '.git/HEAD',
    'copilot/api/manifest.yml',
    '.env',
    'api/.env.local',
    '.local/postgres/PG_VERSION',
    'docker/rds-ca/PROVENANCE.md',
    'api/README.md',
    'migrator/README.md',
  ])('keeps %s out of the build context', (path) => {
    expect(dockerignore.ignores(path)).toBe(true);
  });

  it.each([
    'package.json',
    'yarn.lock',
    '.yarnrc.yml',
    'tsconfig.base.json',
    'api/src/main.ts',
    'web/views/index.hbs',
    'docker/rds-ca/rds-global-bundle.pem',
  ])('sends %s', (path) => {
    expect(dockerignore.ignores(path)).toBe(false);
  });
});
