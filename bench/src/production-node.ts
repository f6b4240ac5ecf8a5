import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { containerNodeMajor } from '@iac-experiment/platform/container-command';
import { REPO_ROOT } from './paths.js';

const run = promisify(execFile);

/**
 * The Node release api, web and the floor run on in the bench: one of the major the containers run (their
 * Dockerfiles' `FROM node:<major>`), pinned so that runs compare. A spec fails when the Dockerfiles move to
 * another major.
 */
export const PRODUCTION_NODE_VERSION = '24.22.3';

/** Where downloaded Node releases are kept between runs (node_modules/.cache, as other tools do). */
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'iac-experiment-bench');

export interface ServerNode {
  /** The `node` binary the servers under test run on. */
  path: string;
  /** Its `process.version`, for the report. */
  version: string;
}

export function majorOf(version: string): number {
  return Number(version.replace(/^v/, '').split('.')[0]);
}

/** The Node major the api's and web's containers run on; they must agree. */
export async function containerNodeMajors(): Promise<number> {
  const [api, web] = await Promise.all([
    containerNodeMajor(join(REPO_ROOT, 'api')),
    containerNodeMajor(join(REPO_ROOT, 'web')),
  ]);
  if (api !== web)
    throw new Error(`api's Dockerfile runs Node ${api}, web's Node ${web}: the bench needs one`);
  return api;
}

/**
 * The Node the servers under test run on: `requested` (--node) when given; else this process's Node when it is the
 * containers' major; else PRODUCTION_NODE_VERSION, fetched once from the npm registry (the `node-<os>-<cpu>` package
 * of the official build) into the cache. Production's major matters: Node 24 runs AsyncLocalStorage without promise
 * hooks, and its V8 differs in CPU and memory.
 */
export async function resolveServerNode(
  requested: string | undefined,
  log: (line: string) => void,
): Promise<ServerNode> {
  if (requested !== undefined) return describe(requested);
  const major = await containerNodeMajors();
  if (majorOf(process.version) === major) return { path: process.execPath, version: process.version };
  if (majorOf(PRODUCTION_NODE_VERSION) !== major) {
    throw new Error(
      `the containers run Node ${major} but the bench pins Node ${PRODUCTION_NODE_VERSION}: update ` +
        'PRODUCTION_NODE_VERSION in bench/src/production-node.ts',
    );
  }
  const packageName = `node-${process.platform}-${process.arch}`;
  const dir = join(CACHE_DIR, `${packageName}-${PRODUCTION_NODE_VERSION}`);
  const binary = join(dir, 'bin', 'node');
  if (!(await exists(binary))) {
    log(
      `fetching Node ${PRODUCTION_NODE_VERSION} (${packageName}) for the servers: the containers run Node ${major}`,
    );
    await fetchNode(`${packageName}@${PRODUCTION_NODE_VERSION}`, dir).catch((error: Error) => {
      throw new Error(
        `could not fetch ${packageName}@${PRODUCTION_NODE_VERSION} with npm (${error.message.split('\n')[0]}); ` +
          `pass --node <path to a Node ${major} binary>`,
      );
    });
  }
  return describe(binary);
}

/** `npm pack` the package (npm checks its integrity) and unpack it into `dir`, all or nothing. */
export async function fetchNode(spec: string, dir: string): Promise<void> {
  await mkdir(dirname(dir), { recursive: true });
  const work = await mkdtemp(join(dirname(dir), '.fetch-'));
  try {
    const { stdout } = await run('npm', ['pack', spec, '--json', '--pack-destination', work], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
    if (!packed) throw new Error('npm pack wrote nothing');
    await run('tar', ['-xzf', join(work, packed.filename), '-C', work]);
    await rm(dir, { recursive: true, force: true });
    await rename(join(work, 'package'), dir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function describe(path: string): Promise<ServerNode> {
  const { stdout } = await run(path, ['--version']);
  return { path, version: stdout.trim() };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
