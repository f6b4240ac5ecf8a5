import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COPILOT_VERSION, ensureCopilotBinary } from './copilot-binary.js';
import { runInIsolatedNetwork, scriptPath } from './network-namespace.js';
import type { RenderResult } from './render-stacks.js';

export interface RenderOfflineOptions {
  repoRoot: string;
  /** The directory holding copilot/ (default: the repository; tests render mutated copies). */
  workspaceDir?: string;
  outDir: string;
  /** Stack names (`environment`, workload directory names); default: all. */
  stacks?: string[];
  log?: (line: string) => void;
}

/**
 * Renders the workspace's stacks offline with the real Copilot binary (built or reused from the cache): the
 * CloudFormation `copilot env|svc|job package` produces, with the overrides and addons applied.
 */
export async function renderOffline(options: RenderOfflineOptions): Promise<RenderResult> {
  const copilot = ensureCopilotBinary(options.repoRoot, options.log);
  const outDir = resolve(options.outDir);
  rmSync(join(outDir, 'render.json'), { force: true });
  const args = ['--copilot', copilot, '--workspace', resolve(options.workspaceDir ?? options.repoRoot)];
  args.push('--out', outDir, '--version', COPILOT_VERSION);
  if (options.stacks) args.push('--stacks', options.stacks.join(','));
  const inside = scriptPath(new URL('./render.inside.ts', import.meta.url).href);
  const { code, stderr } = await runInIsolatedNetwork(inside, args, { cwd: options.repoRoot, capture: true });
  const resultFile = join(outDir, 'render.json');
  if (code !== 0 || !existsSync(resultFile)) {
    throw new Error(`the offline render failed (exit ${code}):\n${stderr}`);
  }
  return JSON.parse(readFileSync(resultFile, 'utf8')) as RenderResult;
}

/** One line per failed stack, with Copilot's error, and every call the stand-in did not know. */
export function renderFailures(result: RenderResult): string[] {
  return [
    ...result.stacks
      .filter((stack) => !stack.ok)
      .map((stack) => `${stack.stack.name}: ${stack.output.trim()}`),
    ...result.unknownCalls,
  ];
}
