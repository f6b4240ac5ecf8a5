import { type DatabaseConfig, loadDatabaseConfig, worstCaseQueryMs } from '@iac-experiment/db';
import {
  ConfigError,
  type Env,
  HttpServiceConfig,
  type HttpServiceEnv,
  httpServiceEnv,
  loadConfig,
} from '@iac-experiment/platform/config';
import { BODY_LIMIT_BYTES } from '@iac-experiment/platform/limits';

export { ConfigError };

const apiEnvSchema = httpServiceEnv({ port: 3000, metricsPort: 9464 });

/** Everything the api reads from its environment, validated once at boot. Injectable (the class is the token). */
export class AppConfig extends HttpServiceConfig {
  /** Requests still running this long after SIGTERM are cut off: inside ECS's 30 s stop timeout, and after the ALB's
   * deregistration delay (15 s, copilot/api/manifest.yml) has stopped new requests from arriving. */
  readonly shutdownTimeoutMs = 20_000;
  readonly bodyLimitBytes = BODY_LIMIT_BYTES;

  private constructor(
    vars: HttpServiceEnv,
    readonly database: DatabaseConfig,
  ) {
    super(vars);
  }

  /** The longest the api can take to answer (a pool wait, then one query): compare with API_ANSWER_BUDGET_MS. */
  get worstCaseAnswerMs(): number {
    return worstCaseQueryMs(this.database);
  }

  /** Throws a ConfigError naming every bad variable (never its value: some hold passwords). */
  static fromEnv(env: Env): AppConfig {
    const problems: string[] = [];
    const collect = <T>(load: () => T): T | undefined => {
      try {
        return load();
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems.push(...error.problems);
        return undefined;
      }
    };
    const vars = collect(() => loadConfig(apiEnvSchema, env));
    const database = collect(() => loadDatabaseConfig(env));
    if (!vars || !database) throw new ConfigError(problems);
    return new AppConfig(vars, database);
  }
}
