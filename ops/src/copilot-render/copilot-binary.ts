import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The release the deploy workflow downloads (.github/aws-copilot-cli/); this build renders with the same source. */
export const COPILOT_VERSION = 'v1.34.1';
const MODULE = 'github.com/aws/copilot-cli';
const GO_BIN = '/usr/local/go/bin';

/** Where the build is kept between runs: git-ignored, next to the repository's other caches. */
export const copilotBinaryPath = (repoRoot: string) =>
  join(repoRoot, '.cache', 'copilot', COPILOT_VERSION, 'copilot');

/** PATH with Go's default install location, where these machines have it. */
export const withGoOnPath = (env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => ({
  ...env,
  PATH: [env.PATH ?? '', GO_BIN].filter(Boolean).join(delimiter),
});

/**
 * Builds Copilot from the pinned module version, as the release Makefile does (`make build`), into the cache;
 * returns the cached binary when it is already there.
 *
 * `go install github.com/aws/copilot-cli/cmd/copilot@v1.34.1` alone gives a binary that cannot render: the module
 * has no internal/pkg/template/templates/custom-resources (the Makefile's package-custom-resources step creates it,
 * git ignores it), so every package command fails reading the Lambda sources, and `version.Version` is empty. So the
 * module is downloaded (Go verifies it against go.sum.golang.org), cf-custom-resources/lib is copied into the
 * embedded templates (unminified: the release minifies it with babel-minify, which only changes the S3Key hashes),
 * and the version is set with the Makefile's -ldflags.
 */
export function ensureCopilotBinary(repoRoot: string, log: (line: string) => void = () => {}): string {
  const binary = copilotBinaryPath(repoRoot);
  if (existsSync(binary)) return binary;
  const env = { ...withGoOnPath(), CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' };
  const work = mkdtempSync(join(tmpdir(), 'copilot-build-'));
  try {
    log(`copilot: downloading ${MODULE}@${COPILOT_VERSION}`);
    // Outside any module (cwd: the empty work dir), so no go.mod of this repository is involved.
    const download = JSON.parse(
      execFileSync('go', ['mod', 'download', '-json', `${MODULE}@${COPILOT_VERSION}`], {
        cwd: work,
        env,
        encoding: 'utf8',
      }),
    ) as { Dir: string; Sum: string };
    const source = join(work, 'src');
    cpSync(download.Dir, source, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', source]);
    const customResources = join(source, 'internal/pkg/template/templates/custom-resources');
    mkdirSync(customResources, { recursive: true });
    const lib = join(source, 'cf-custom-resources/lib');
    for (const file of readdirSync(lib).filter((name) => name.endsWith('.js'))) {
      cpSync(join(lib, file), join(customResources, file));
    }
    log(`copilot: building ${COPILOT_VERSION} (${download.Sum}); a first build takes a few minutes`);
    const built = join(work, 'copilot');
    execFileSync(
      'go',
      [
        'build',
        '-trimpath',
        '-ldflags',
        `-X ${MODULE}/internal/pkg/version.Version=${COPILOT_VERSION}`,
        '-o',
        built,
        './cmd/copilot',
      ],
      { cwd: source, env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    mkdirSync(join(binary, '..'), { recursive: true });
    cpSync(lib, customResourceSourcesDir(repoRoot), { recursive: true });
    // Copied next to the target, then renamed: an interrupted build never leaves a half-written binary behind.
    cpSync(built, `${binary}.partial`);
    renameSync(`${binary}.partial`, binary);
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The custom-resource handler sources the binary embeds (kept next to it for the runtime check). */
export const customResourceSourcesDir = (repoRoot: string) =>
  join(copilotBinaryPath(repoRoot), '..', 'cf-custom-resources');
