import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Document, parseDocument } from 'yaml';
import type { CfnSpec } from '../cfn-spec.js';
import type { Problem } from '../problem.js';
import { validateInfra } from '../validate-infra.js';

/** The repository root, from this file's location (ops/src/infra/testing/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/**
 * A throw-away copy of the repository's copilot/ directory that a test mutates and validates, so each test proves
 * that the validator rejects one specific mistake in otherwise real configuration. Dockerfiles and workload
 * packages are still read from the real repository.
 */
export class CopilotCopy {
  private constructor(
    readonly dir: string,
    private readonly spec: CfnSpec,
  ) {}

  static async create(spec: CfnSpec): Promise<CopilotCopy> {
    const root = await mkdtemp(join(tmpdir(), 'copilot-copy-'));
    const dir = join(root, 'copilot');
    await cp(join(REPO_ROOT, 'copilot'), dir, { recursive: true });
    return new CopilotCopy(dir, spec);
  }

  /** Replaces text that must occur in the file (so a test cannot silently stop mutating anything). */
  async replace(file: string, search: string | RegExp, replacement: string): Promise<void> {
    const path = join(this.dir, file);
    const text = await readFile(path, 'utf8');
    const found = typeof search === 'string' ? text.includes(search) : search.test(text);
    if (!found) throw new Error(`${file} does not contain ${String(search)}`);
    await writeFile(path, text.replace(search, replacement));
  }

  /** Edits a manifest through the YAML document model (comments and formatting are kept). */
  async editYaml(file: string, edit: (document: Document) => void): Promise<void> {
    const path = join(this.dir, file);
    const document = parseDocument(await readFile(path, 'utf8'));
    edit(document);
    await writeFile(path, document.toString());
  }

  async write(file: string, text: string): Promise<void> {
    await writeFile(join(this.dir, file), text);
  }

  async remove(file: string): Promise<void> {
    await rm(join(this.dir, file), { recursive: true });
  }

  async problems(): Promise<Problem[]> {
    return (await validateInfra({ repoRoot: REPO_ROOT, copilotDir: this.dir, spec: this.spec })).problems;
  }

  async dispose(): Promise<void> {
    await rm(dirname(this.dir), { recursive: true, force: true });
  }
}
