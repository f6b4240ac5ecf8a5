/**
 * Copilot substitutes `${NAME}` in every string value of a manifest before decoding it
 * (internal/pkg/manifest/interpolate.go): the reserved COPILOT_APPLICATION_NAME / COPILOT_ENVIRONMENT_NAME, or else a
 * variable of the shell that runs `copilot` (an unset one is an error). `\${NAME}` stays literal.
 *
 * Project rule: only the two reserved names, so a deploy never depends on whoever's shell runs it.
 */
export const RESERVED_VARIABLES = ['COPILOT_APPLICATION_NAME', 'COPILOT_ENVIRONMENT_NAME'] as const;

const REFERENCE = /(\\?)\$\{([^}]*)\}/g;
const VALID_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

export interface InterpolationIssue {
  at: string;
  message: string;
}

/** Every `${…}` in the manifest's string values that is not one of the reserved variables (or escaped). */
export function findInterpolationIssues(value: unknown, at = ''): InterpolationIssue[] {
  if (typeof value === 'string') {
    const issues: InterpolationIssue[] = [];
    for (const [, escaped, name] of value.matchAll(REFERENCE)) {
      if (escaped) continue;
      if (!VALID_NAME.test(name)) {
        issues.push({ at, message: `'\${${name}}' is not a variable reference Copilot understands` });
      } else if (!(RESERVED_VARIABLES as readonly string[]).includes(name)) {
        issues.push({
          at,
          message: `'\${${name}}' depends on the deploying shell's environment; only ${RESERVED_VARIABLES.join(' and ')} are allowed`,
        });
      }
    }
    if (/(^|[^\\])\$\{[^}]*$/.test(value)) issues.push({ at, message: `unterminated '\${' in '${value}'` });
    return issues;
  }
  if (Array.isArray(value))
    return value.flatMap((item, index) => findInterpolationIssues(item, `${at}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      findInterpolationIssues(item, at ? `${at}.${key}` : key),
    );
  }
  return [];
}

/** The value Copilot would produce for a given application and environment (reserved variables only). */
export function interpolate(value: string, app: string, env: string): string {
  return value
    .replace(/(^|[^\\])\$\{COPILOT_APPLICATION_NAME\}/g, `$1${app}`)
    .replace(/(^|[^\\])\$\{COPILOT_ENVIRONMENT_NAME\}/g, `$1${env}`)
    .replace(/\\\$\{/g, '${');
}
