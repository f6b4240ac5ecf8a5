import { readFileSync } from 'node:fs';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { repoPath } from '../repo-paths.js';

export const WORKLOADS = ['api', 'web', 'migrator'] as const;
export type Workload = (typeof WORKLOADS)[number];

export interface Stage {
  name: string | undefined;
  instructions: Instruction[];
}

export interface WorkloadDockerfile {
  workload: Workload;
  path: string;
  content: string;
  /** ARG defaults declared before the first FROM (e.g. NODE_IMAGE). */
  globalArgs: Map<string, string>;
  stages: Stage[];
}

export function loadDockerfile(workload: Workload): WorkloadDockerfile {
  const path = repoPath(workload, 'Dockerfile');
  const content = readFileSync(path, 'utf8');
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(content).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const [, alias] = /\bAS\s+(\S+)/i.exec(instruction.getArgumentsContent() ?? '') ?? [];
      stages.push({ name: alias, instructions: [instruction] });
    } else if (stages.length === 0 && keyword === 'ARG') {
      const [name, value = ''] = (instruction.getArgumentsContent() ?? '').split('=', 2);
      globalArgs.set(name, value);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { workload, path, content, globalArgs, stages };
}

export const args = (instruction: Instruction): string => instruction.getArgumentsContent() ?? '';

/** Build-context paths a stage copies in (COPY/ADD without --from). */
export function contextSources(stage: Stage): string[] {
  return stage.instructions
    .filter((instruction) => ['COPY', 'ADD'].includes(instruction.getKeyword()))
    .filter((instruction) => !/--from=/.test(instruction.getTextContent()))
    .flatMap((instruction) => args(instruction).split(/\s+/).slice(0, -1));
}
