import type { Problem } from './problem.js';

const KEY_NAMES =
  /(password|passwd|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credentials?|database[_-]?url)$/i;
const PATTERNS: Array<{ pattern: RegExp; what: string }> = [
  { pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, what: 'an AWS access key ID' },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
  { pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"]+:[^\s@/'"]+@/i, what: 'a URL with a password in it' },
];

/**
 * Scans every file under copilot/ for secrets written in the clear: well-known credential formats, and any YAML key
 * that names a secret (`…PASSWORD`, `…_TOKEN`, `DATABASE_URL`, …) with a literal value. References are fine:
 * CloudFormation tags (`!Ref`, `!Join`…), dynamic references and `from_cfn` maps have no literal on the key's line.
 */
export function findPlaintextSecrets(files: Array<{ file: string; text: string }>): Problem[] {
  const problems: Problem[] = [];
  for (const { file, text } of files) {
    text.split('\n').forEach((rawLine, index) => {
      const at = `line ${index + 1}`;
      // Comments are scanned too: a key pasted into a comment is just as leaked.
      for (const { pattern, what } of PATTERNS) {
        if (pattern.test(rawLine))
          problems.push({ file, at, message: `looks like ${what}: keep secrets out of git` });
      }
      const line = rawLine.replace(/(^|\s)#.*$/, '');
      const pair = /^\s*-?\s*["']?([A-Za-z0-9_.-]+)["']?\s*:\s*(.*?)\s*$/.exec(line);
      if (!pair) return;
      const [, key, value] = pair;
      const literal = value !== '' && !/^[!&*|>{[]/.test(value) && !/^["']?\{\{resolve:/.test(value);
      if (KEY_NAMES.test(key) && literal) {
        problems.push({
          file,
          at,
          message: `'${key}' has a literal value: pass secrets through Secrets Manager (secrets: … from_cfn), never in the repo`,
        });
      }
    });
  }
  return problems;
}
