/** One reason the Copilot configuration would not deploy as intended. */
export interface Problem {
  /** Path relative to the repository root, e.g. `copilot/api/manifest.yml`. */
  file: string;
  /** Where in the file, as a dotted/JSON-pointer-like path, when it applies. */
  at?: string;
  message: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}${problem.at ? ` (${problem.at})` : ''}: ${problem.message}`;
}
