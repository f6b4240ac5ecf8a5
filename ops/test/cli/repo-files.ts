import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function readRepoFile(relativePath: string): string {
  return readFileSync(path.join(repoRoot, relativePath), 'utf8');
}

export function readYaml<T = Record<string, unknown>>(relativePath: string): T {
  return parse(readRepoFile(relativePath)) as T;
}

export const workflowFiles = (): string[] =>
  readdirSync(path.join(repoRoot, '.github/workflows'))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `.github/workflows/${name}`);

export const actionFiles = (): string[] =>
  readdirSync(path.join(repoRoot, '.github/actions')).map((name) => `.github/actions/${name}/action.yml`);

/** The Copilot workloads: every folder under copilot/ with a manifest, except the environments. */
export const copilotWorkloads = (): string[] =>
  readdirSync(path.join(repoRoot, 'copilot'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'environments')
    .map((entry) => entry.name)
    .sort();

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string; url?: string };
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  container?: { image: string; options?: string };
  services?: Record<string, { image: string; env?: Record<string, string> }>;
  strategy?: { matrix: Record<string, unknown[]> };
  'timeout-minutes'?: number;
  env?: Record<string, string>;
  steps: Step[];
}

export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

/** A GitHub Actions expression as written in a workflow: `${{ inner }}`. */
export const expression = (inner: string): string => `\${{ ${inner} }}`;

export const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : [job.needs].flat());
export const runScripts = (job: Job): string[] => job.steps.flatMap((step) => (step.run ? [step.run] : []));
