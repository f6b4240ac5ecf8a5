import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GeneratedResourcesData } from './generated-resources.js';

/** A resource block of a Copilot template file, as written (Go template actions left in place). */
export interface DeclaredResource {
  id: string;
  type: string;
  condition?: string;
}

const KEY = /^( *)([A-Za-z0-9{][^:#]*):\s*$/;
/** Blank lines, comments and lines holding only template actions (`{{- if …}}`) do not end a block. */
const skippable = (line: string) =>
  line.trim() === '' || /^\s*#/.test(line) || /^\s*\{\{.*\}\}\s*$/.test(line);

/**
 * The resources a Copilot template or partial declares: a `Key:` line whose block has `Type: AWS::…` or
 * `Type: Custom::…` one level deeper. Partials declare them at column 0, `cf.yml` files under `Resources:` at 2.
 */
export function declaredResources(text: string): DeclaredResource[] {
  const lines = text.split('\n');
  const found: DeclaredResource[] = [];
  for (let i = 0; i < lines.length; i++) {
    const key = KEY.exec(lines[i] ?? '');
    if (!key || (key[1] ?? '').length > 2) continue;
    const indent = (key[1] ?? '').length;
    let type: string | undefined;
    let condition: string | undefined;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j] ?? '';
      if (skippable(line)) continue;
      const lineIndent = line.length - line.trimStart().length;
      if (lineIndent <= indent) break;
      if (lineIndent !== indent + 2) continue;
      type ??= /^\s*Type:\s*['"]?((?:AWS|Custom)::[A-Za-z0-9:]+)/.exec(line)?.[1];
      condition ??= /^\s*Condition:\s*(\w+)\s*$/.exec(line)?.[1];
    }
    if (type) found.push({ id: (key[2] ?? '').trim(), type, ...(condition ? { condition } : {}) });
  }
  return found;
}

/** `{{include "name" .}}` targets of a template file. */
export const includes = (text: string): string[] =>
  [...text.matchAll(/\{\{-?\s*include\s+"([^"]+)"/g)].map((match) => match[1] ?? '');

/** Where Copilot's template parser finds a partial (internal/pkg/template: environment vs workload partials). */
function partialPath(fromFile: string, name: string): string {
  return fromFile.startsWith('environment/')
    ? `environment/partials/${name}.yml`
    : `workloads/partials/cf/${name}.yml`;
}

/** Every file a template reaches through `include`, itself first. */
export function reachableFiles(templatesDir: string, template: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const path = join(templatesDir, file);
    if (!existsSync(path))
      throw new Error(`${file} (included from ${dirname(file)}) is not in ${templatesDir}`);
    seen.add(file);
    for (const name of includes(readFileSync(path, 'utf8'))) visit(partialPath(file, name));
  };
  visit(template);
  return [...seen];
}

const key = ({ id, type, condition }: DeclaredResource) => `${id} ${type} ${condition ?? '-'}`;

/**
 * Checks the recorded data against a checkout of aws/copilot-cli: for each template, every resource of every file it
 * reaches is recorded (same ID, type and Condition) or belongs to a partial recorded as not included, and nothing
 * is recorded that the files do not declare. Returns the problems found (none: the data matches).
 */
export function verifyAgainstCopilotSource(data: GeneratedResourcesData, checkout: string): string[] {
  const templatesDir = join(checkout, data.source.templatesDir);
  if (!existsSync(templatesDir)) return [`${templatesDir} does not exist: not a checkout of aws/copilot-cli`];
  const problems: string[] = [];
  for (const template of data.templates) {
    const files = reachableFiles(templatesDir, template.template);
    const skipped = new Set((template.partialsNotIncluded ?? []).map(({ source }) => source));
    for (const source of skipped) {
      if (!files.includes(source))
        problems.push(`${template.kind}: ${source} is not included by ${template.template}`);
    }
    const recordedFiles = new Set(template.resources.map(({ source }) => source));
    for (const source of recordedFiles) {
      if (!files.includes(source))
        problems.push(`${template.kind}: ${source} is not reached from ${template.template}`);
    }
    for (const file of files.filter((f) => !skipped.has(f))) {
      const declared = declaredResources(readFileSync(join(templatesDir, file), 'utf8'))
        .map(key)
        .sort();
      const recorded = template.resources
        .filter(({ source }) => source === file)
        .map(({ id, type, condition }) => key({ id, type, condition }))
        .sort();
      const missing = declared.filter(
        (entry, i) => declared.indexOf(entry) === i && count(declared, entry) > count(recorded, entry),
      );
      const extra = recorded.filter(
        (entry, i) => recorded.indexOf(entry) === i && count(recorded, entry) > count(declared, entry),
      );
      for (const entry of missing) problems.push(`${template.kind}: ${file} declares ${entry}, not recorded`);
      for (const entry of extra)
        problems.push(`${template.kind}: recorded ${entry} is not declared in ${file}`);
    }
  }
  return problems;
}

const count = (list: string[], entry: string) => list.filter((item) => item === entry).length;
