import { WEB_API_TIMEOUT_MS } from '@iac-experiment/platform';
import {
  type Env,
  HttpServiceConfig,
  httpServiceEnv,
  integer,
  loadConfig,
  unsetWhenEmpty,
} from '@iac-experiment/platform/config';
import { z } from 'zod';

/** The api must answer within this; the page then still renders (with a banner) well inside 3 s. */
export const MAX_API_TIMEOUT_MS = 3000;

const webEnvSchema = httpServiceEnv({ port: 3001, metricsPort: 9465 }).safeExtend({
  API_URL: unsetWhenEmpty(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://localhost:3000' })
      .default('http://localhost:3000')
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  API_TIMEOUT_MS: integer(WEB_API_TIMEOUT_MS, MAX_API_TIMEOUT_MS),
  NODE_ENV: unsetWhenEmpty(z.enum(['development', 'test', 'production']).optional()),
});

type WebEnv = z.output<typeof webEnvSchema>;

/** Everything web reads from its environment, validated once at boot. Injectable (the class is the token). */
export class WebConfig extends HttpServiceConfig {
  /** The api's base URL, without a trailing slash. */
  readonly apiUrl: string;
  readonly apiTimeoutMs: number;
  readonly nodeEnv: WebEnv['NODE_ENV'];

  private constructor(vars: WebEnv) {
    super(vars);
    this.apiUrl = vars.API_URL;
    this.apiTimeoutMs = vars.API_TIMEOUT_MS;
    this.nodeEnv = vars.NODE_ENV;
  }

  /** Throws a ConfigError naming every bad variable (never its value). */
  static fromEnv(env: Env): WebConfig {
    return new WebConfig(loadConfig(webEnvSchema, env, 'web'));
  }
}
