import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Without GIT_DIR & co. (set inside git hooks), so `cwd` alone decides which repository is read. */
function gitEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
}

const run = (args: string[], cwd: string) =>
  execFileAsync('git', args, { cwd, env: gitEnv(), maxBuffer: 64 * 1024 * 1024 });

/** The few read-only git questions change detection asks. Needs the full history (checkout fetch-depth: 0). */
export class GitRepository {
  constructor(readonly root: string) {}

  async commitExists(sha: string): Promise<boolean> {
    try {
      await run(['cat-file', '-e', `${sha}^{commit}`], this.root);
      return true;
    } catch {
      return false;
    }
  }

  /** Whether `ancestor` is `descendant` or one of its ancestors. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    try {
      await run(['merge-base', '--is-ancestor', ancestor, descendant], this.root);
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 1) return false;
      throw error;
    }
  }

  /** Paths that differ between the two commits' trees (added, modified, deleted or renamed). */
  async changedFiles(base: string, head: string): Promise<string[]> {
    const { stdout } = await run(['diff', '--name-only', '--no-renames', '-z', base, head, '--'], this.root);
    return stdout.split('\0').filter(Boolean);
  }
}
