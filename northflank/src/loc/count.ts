import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseCfnYaml } from '@iac-experiment/ops/cfn-yaml';
import { parseDocument, visit } from 'yaml';

export interface LineCount {
  files: number;
  lines: number;
  blank: number;
  comment: number;
  /** Lines a human writes and reads: not blank, not only a comment. */
  config: number;
  /**
   * A syntax-neutral measure of size: scalar values (strings, numbers, booleans) of YAML and JSON files, and
   * `name = value` attributes of HCL.
   */
  values: number;
}

export type Syntax = 'yaml' | 'json' | 'hcl';

const COMMENT: Record<Syntax, RegExp> = {
  yaml: /^\s*#/,
  json: /^$/, // JSON has no comments
  hcl: /^\s*(#|\/\/)/,
};

/** Every file under `dir` whose name matches, sorted; a missing folder has none. */
export function filesUnder(dir: string, match: RegExp): string[] {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return match.test(dir) ? [dir] : [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile() && match.test(path))
    .sort();
}

function countValues(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countValues(item), 0);
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).reduce((sum: number, item) => sum + countValues(item), 0);
  }
  return value === null || value === undefined ? 0 : 1;
}

/**
 * A YAML file's scalar values as written (keys excluded): `!GetAtt A.B` is one value, as `A.B` is. Tags are left
 * unresolved (CloudFormation's only warn), so every scalar inside `!Join [',', [x, y]]` is seen.
 */
function yamlValues(text: string): number {
  let values = 0;
  visit(parseDocument(text), {
    Scalar(key, node) {
      if (key !== 'key' && node.value !== null && node.value !== undefined) values += 1;
    },
  });
  return values;
}

/** Scalar values for YAML (CloudFormation tags understood) and JSON; `name = value` attributes for HCL. */
function parsedValues(text: string, syntax: Syntax): number {
  if (syntax === 'json') return countValues(JSON.parse(text));
  if (syntax === 'yaml') return yamlValues(text);
  return text.split('\n').filter((line) => /^\s*[A-Za-z_][\w-]*\s*=[^=>]/.test(line)).length;
}

/** Counts lines (HCL block comments included) and, for YAML and JSON, the scalar values. */
export function countText(text: string, syntax: Syntax): LineCount {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let blank = 0;
  let comment = 0;
  let inBlock = false;
  for (const line of lines) {
    const trimmed = line.trim();
    if (inBlock) {
      comment++;
      if (trimmed.includes('*/')) inBlock = false;
    } else if (trimmed === '') blank++;
    else if (syntax === 'hcl' && trimmed.startsWith('/*')) {
      comment++;
      inBlock = !trimmed.includes('*/');
    } else if (COMMENT[syntax].test(line) && syntax !== 'json') comment++;
  }
  return {
    files: 1,
    lines: lines.length,
    blank,
    comment,
    config: lines.length - blank - comment,
    values: parsedValues(text, syntax),
  };
}

export function countFiles(paths: string[], syntax: Syntax): LineCount {
  const total: LineCount = { files: 0, lines: 0, blank: 0, comment: 0, config: 0, values: 0 };
  for (const path of paths) {
    const count = countText(readFileSync(path, 'utf8'), syntax);
    total.files += count.files;
    total.lines += count.lines;
    total.blank += count.blank;
    total.comment += count.comment;
    total.config += count.config;
    total.values += count.values;
  }
  return total;
}

/** `resource "aws_ecs_service" "api" {` blocks by type; `module` and `data` blocks are reported apart. */
export function terraformResources(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const [, kind = '', type = ''] of text.matchAll(/^\s*(resource|data|module)\s+"([^"]+)"/gm)) {
      const key = kind === 'resource' ? type : `${kind} ${kind === 'module' ? '' : type}`.trim();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** `Type: AWS::…` resources declared in CloudFormation templates, by type. */
export function cloudFormationResources(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const doc = parseCfnYaml(text) as { Resources?: Record<string, { Type?: unknown }> } | null;
    for (const resource of Object.values(doc?.Resources ?? {})) {
      if (typeof resource?.Type === 'string') counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
    }
  }
  return counts;
}

export const relativeTo = (root: string, paths: string[]) => paths.map((path) => relative(root, path));
