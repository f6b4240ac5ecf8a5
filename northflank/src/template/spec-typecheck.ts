import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { NODE_KINDS, type NodeKind, RELEASE_FLOW_ONLY_KINDS } from './node-types.js';
import { isObject, type TemplateFile, type TemplateNode, WORKSPACE_DIR } from './template.js';
import { childSteps, type Located, labelOf, nestedTemplates } from './walk.js';

export interface SpecProblem {
  path: string;
  message: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));
/** The generated module lives (virtually) beside node-types.ts so its relative import resolves like source. */
const GENERATED_FILE = join(HERE, '__template-specs__.ts');

interface Emitted {
  path: string;
  label: string;
  kind: NodeKind;
  /** The node without the nodes it contains (those are emitted as nodes of their own). */
  value: unknown;
}

/** Replaces the nodes a node contains with empty placeholders: each contained node is checked on its own. */
function shallow(node: TemplateNode): unknown {
  if (node.kind === 'Workflow' && isObject(node.spec)) return { ...node, spec: { ...node.spec, steps: [] } };
  if (node.kind === 'Pipeline' && isObject(node.spec) && Array.isArray(node.spec.stages)) {
    const stages = node.spec.stages.map((stage) => {
      if (!isObject(stage) || !isObject(stage.releaseFlow) || !isObject(stage.releaseFlow.spec)) return stage;
      return {
        ...stage,
        releaseFlow: { ...stage.releaseFlow, spec: { ...stage.releaseFlow.spec, spec: null } },
      };
    });
    return { ...node, spec: { ...node.spec, stages } };
  }
  return node;
}

/** Every node to check, with the problems that need no compiler (unknown kinds, release-only kinds misplaced). */
function collect(template: TemplateFile): { emitted: Emitted[]; problems: SpecProblem[] } {
  const emitted: Emitted[] = [];
  const problems: SpecProblem[] = [];
  const visit = (located: Located, inReleaseFlow: boolean) => {
    const { node, path, label } = located;
    if (!(NODE_KINDS as readonly string[]).includes(node.kind)) {
      problems.push({
        path,
        message: `${label}: unknown node kind "${node.kind}" (known: ${NODE_KINDS.join(', ')})`,
      });
    } else if (!inReleaseFlow && RELEASE_FLOW_ONLY_KINDS.includes(node.kind as NodeKind)) {
      problems.push({ path, message: `${label}: a ${node.kind} node only runs inside a release flow` });
    } else {
      emitted.push({ path, label, kind: node.kind as NodeKind, value: shallow(node) });
    }
    for (const child of childSteps(located)) visit(child, inReleaseFlow);
    for (const nested of nestedTemplates(located)) {
      visit({ node: nested.root, path: nested.path, label: labelOf(nested.root) }, true);
    }
  };
  visit({ node: template.spec, path: 'spec', label: labelOf(template.spec) }, false);
  return { emitted, problems };
}

/** A TypeScript module that assigns each node, as an object literal, to its type: `tsc` then checks every field. */
export function renderSpecModule(template: TemplateFile): {
  source: string;
  nodes: (Emitted & { offset: number })[];
} {
  const { emitted } = collect(template);
  let source =
    '// Generated from template.json by spec-typecheck.ts: each node must satisfy its Northflank type.\n' +
    "import type { TemplateNodes } from './node-types.js';\n\n";
  const nodes: (Emitted & { offset: number })[] = [];
  emitted.forEach((node, index) => {
    source += `// ${node.path}: ${node.label}\n`;
    nodes.push({ ...node, offset: source.length });
    source += `export const node${index} = ${JSON.stringify(node.value, null, 2)} satisfies TemplateNodes['${node.kind}'];\n\n`;
  });
  return { source, nodes };
}

let compilerOptions: ts.CompilerOptions | undefined;
/** Parsed library files (the client's typings are 1.9 MB): parsed once per process, not once per check. */
const sourceFileCache = new Map<string, ts.SourceFile>();
let previousProgram: ts.Program | undefined;

function loadCompilerOptions(): ts.CompilerOptions {
  if (compilerOptions) return compilerOptions;
  const configPath = join(WORKSPACE_DIR, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  compilerOptions = { ...parsed.options, noEmit: true };
  return compilerOptions;
}

/**
 * Type-checks every node's spec of the template against Northflank's API client types (see node-types.ts) and
 * returns one problem per compiler error, located by the node's path in template.json.
 */
export function typecheckTemplateSpecs(template: TemplateFile): SpecProblem[] {
  const { problems } = collect(template);
  const { source, nodes } = renderSpecModule(template);
  const options = loadCompilerOptions();
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (file === GENERATED_FILE ? source : readFile(file));
  host.fileExists = (file) => file === GENERATED_FILE || ts.sys.fileExists(file);
  host.getSourceFile = (file, language, onError, create) => {
    if (file === GENERATED_FILE) return ts.createSourceFile(file, source, language, true, ts.ScriptKind.TS);
    const cached = sourceFileCache.get(file);
    if (cached) return cached;
    const parsed = getSourceFile(file, language, onError, create);
    if (parsed) sourceFileCache.set(file, parsed);
    return parsed;
  };

  const program = ts.createProgram({
    rootNames: [GENERATED_FILE],
    options,
    host,
    oldProgram: previousProgram,
  });
  previousProgram = program;
  const diagnostics = ts.getPreEmitDiagnostics(program);
  for (const diagnostic of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    if (!diagnostic.file || diagnostic.start === undefined || diagnostic.file.fileName !== GENERATED_FILE) {
      problems.push({ path: '(typings)', message });
      continue;
    }
    const start = diagnostic.start;
    const owner = nodes.filter((node) => node.offset <= start).at(-1);
    const field = fieldAt(diagnostic.file, diagnostic.start);
    problems.push({
      path: owner ? `${owner.path}${field ? ` (${field})` : ''}` : '(generated module)',
      message: owner ? `${owner.label}: ${message}` : message,
    });
  }
  return problems;
}

/** The chain of object keys leading to a position in the generated module, e.g. `spec.ports[0].protocol`. */
function fieldAt(file: ts.SourceFile, position: number): string {
  const keys: string[] = [];
  const find = (node: ts.Node): void => {
    if (position < node.getStart(file) || position >= node.getEnd()) return;
    if (ts.isPropertyAssignment(node) && ts.isStringLiteral(node.name)) keys.push(node.name.text);
    if (ts.isArrayLiteralExpression(node)) {
      const index = node.elements.findIndex(
        (element) => position >= element.getStart(file) && position < element.getEnd(),
      );
      if (index >= 0) {
        keys.push(`[${index}]`);
        find(node.elements[index] as ts.Node);
        return;
      }
    }
    ts.forEachChild(node, find);
  };
  find(file);
  return keys.reduce((path, key) => (key.startsWith('[') ? path + key : path ? `${path}.${key}` : key), '');
}
