import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace folder (northflank/), found from this file so commands work from any working directory. */
export const WORKSPACE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TEMPLATE_PATH = resolve(WORKSPACE_DIR, 'template.json');

/** A node of a Northflank template: `kind` picks the schema of `spec`; `ref` names its output for later nodes. */
export interface TemplateNode {
  kind: string;
  ref?: string;
  spec: unknown;
  condition?: string;
  [key: string]: unknown;
}

/** The file Northflank's GitOps sync reads: only these three keys belong in it (name, options and secrets live on Northflank). */
export interface TemplateFile {
  apiVersion: string;
  arguments?: Record<string, string>;
  spec: TemplateNode;
}

export function readTemplate(path = TEMPLATE_PATH): TemplateFile {
  return JSON.parse(readFileSync(path, 'utf8')) as TemplateFile;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isTemplateNode(value: unknown): value is TemplateNode {
  return isObject(value) && typeof value.kind === 'string' && 'spec' in value;
}
