import { join } from 'node:path';
import { containerCommand } from '@iac-experiment/platform/container-command';
import { REPO_ROOT } from './paths.js';

/** The `node` arguments a workload's container runs with, so the bench measures api and web as production starts them. */
export async function containerNodeArgs(workload: 'api' | 'web'): Promise<string[]> {
  return (await containerCommand(join(REPO_ROOT, workload))).slice(1);
}
