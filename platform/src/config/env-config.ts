import { type ZodType, z } from 'zod';

/** Environment variables as the process receives them (a subset of `process.env`). */
export type Env = Record<string, string | undefined>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A variable set to the empty string counts as unset (compose files and shells often pass `NAME=`). */
export const unsetWhenEmpty = <T extends ZodType>(schema: T) =>
  z.preprocess((value: unknown) => (value === '' ? undefined : value), schema);

/** An optional string variable; empty means unset. */
export const optionalString = () => unsetWhenEmpty(z.string().optional());

/** A TCP port; 0 (any free port) only when `allowZero`. */
export const port = (fallback: number, { allowZero = true } = {}) =>
  unsetWhenEmpty(
    z.coerce
      .number()
      .int()
      .min(allowZero ? 0 : 1)
      .max(65_535)
      .default(fallback),
  );

/** A whole number from `min` (1 unless told) to `max`. */
export const integer = (fallback: number, max: number, { min = 1 } = {}) =>
  unsetWhenEmpty(z.coerce.number().int().min(min).max(max).default(fallback));

/** A whole number ≥ 1. */
export const positiveInt = (fallback: number, max: number) => integer(fallback, max);

/** pino's levels, `info` by default. */
export const logLevel = () => unsetWhenEmpty(z.enum(LOG_LEVELS).default('info'));

/** How log lines are written: JSON for collectors (the default), `pretty` for a person at a terminal. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const logFormat = () => unsetWhenEmpty(z.enum(LOG_FORMATS).default('json'));

/** An address to listen on: every interface by default. */
export const listenHost = () => unsetWhenEmpty(z.union([z.ipv4(), z.ipv6()]).default('0.0.0.0'));

/**
 * Every problem found in a configuration, one per line, each naming the variable. Messages never hold a
 * variable's value: some hold passwords.
 */
export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    /** What was being configured, e.g. "database" → "Invalid database configuration:". */
    subject?: string,
  ) {
    super(
      `Invalid ${subject ? `${subject} ` : ''}configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** zod issues as `NAME: message` lines, `prefix.` in front of each path when given (e.g. a JSON variable's keys). */
export function problemsOf(error: z.ZodError, prefix?: string): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '');
    return `${path.join('.')}: ${issue.message}`;
  });
}

/** Validates `env` against `schema` once; throws one {@link ConfigError} listing every problem. */
export function loadConfig<T extends ZodType>(schema: T, env: Env, subject?: string): z.output<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error), subject);
  return parsed.data;
}
