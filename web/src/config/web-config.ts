import { WEB_API_TIMEOUT_MS } from '@iac-experiment/platform';
import { z } from 'zod';

/** Environment variables as the process receives them (a subset of `process.env`). */
export type Env = Record<string, string | undefined>;

/** DI token of the validated {@link WebConfig}. */
export const WEB_CONFIG = Symbol('WEB_CONFIG');

/** The api must answer within this; the page then still renders (with a banner) well inside 3 s. */
export const MAX_API_TIMEOUT_MS = 3000;

const unsetWhenEmpty = (value: unknown) => (value === '' ? undefined : value);
const port = (fallback: number) =>
  z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(0).max(65_535).default(fallback));

export const webConfigSchema = z.object({
  /** Where the public port listens: every interface in a container; `yarn dev` sets 127.0.0.1. */
  HOST: z.preprocess(unsetWhenEmpty, z.union([z.ipv4(), z.ipv6()]).default('0.0.0.0')),
  PORT: port(3001),
  METRICS_PORT: port(9465),
  API_URL: z.preprocess(
    unsetWhenEmpty,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://localhost:3000' })
      .default('http://localhost:3000')
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  API_TIMEOUT_MS: z.preprocess(
    unsetWhenEmpty,
    z.coerce.number().int().min(1).max(MAX_API_TIMEOUT_MS).default(WEB_API_TIMEOUT_MS),
  ),
  /** Form posts (new message, delete) one client address may make per minute in this process; 0 turns it off. */
  WRITE_LIMIT_PER_MINUTE: z.preprocess(
    unsetWhenEmpty,
    z.coerce.number().int().min(0).max(100_000).default(60),
  ),
  LOG_LEVEL: z.preprocess(
    unsetWhenEmpty,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  NODE_ENV: z.preprocess(unsetWhenEmpty, z.enum(['development', 'test', 'production']).optional()),
});

export type WebConfig = z.infer<typeof webConfigSchema>;

export class WebConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid web configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'WebConfigError';
  }
}

/** Parses and validates web's variables once, at boot; throws a {@link WebConfigError} naming each bad one. */
export function loadWebConfig(env: Env): WebConfig {
  const parsed = webConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new WebConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return parsed.data;
}
