import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sourceFingerprint, type Workspace } from './workspace-builds.js';

type Fingerprints = Record<string, string>;

/**
 * Runs `build` for each workspace whose sources changed since the last build this tool ran, or that has no
 * dist/. Independent workspaces build concurrently; each waits for the ones among `workspaces` it depends on.
 * Fingerprints are recorded only after a build succeeds.
 */
export async function buildStale(
  workspaces: Workspace[],
  stampFile: string,
  build: (workspace: Workspace) => Promise<void>,
): Promise<{ built: string[]; upToDate: string[] }> {
  const stamps = await readStamps(stampFile);
  const built: string[] = [];
  const upToDate: string[] = [];
  let stampWrites = Promise.resolve();
  const done = new Map<string, Promise<void>>();

  for (const workspace of workspaces) {
    const deps = workspace.runtimeDeps.map((name) => done.get(name)).filter((dep) => dep !== undefined);
    done.set(
      workspace.name,
      Promise.all(deps).then(async () => {
        const fingerprint = await sourceFingerprint(workspace.dir);
        if (stamps[workspace.name] === fingerprint && existsSync(join(workspace.dir, 'dist'))) {
          upToDate.push(workspace.name);
          return;
        }
        await build(workspace);
        stamps[workspace.name] = fingerprint;
        built.push(workspace.name);
        stampWrites = stampWrites.then(async () => {
          await mkdir(dirname(stampFile), { recursive: true });
          await writeFile(stampFile, `${JSON.stringify(stamps, null, 2)}\n`);
        });
        await stampWrites;
      }),
    );
  }
  await Promise.all(done.values());
  return { built, upToDate };
}

async function readStamps(file: string): Promise<Fingerprints> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Fingerprints) : {};
  } catch {
    return {};
  }
}
