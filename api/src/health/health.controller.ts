import { LogFailuresOnly } from '@iac-experiment/platform';
import { Controller, Get, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { ErrorResponseDto } from '../http/error-response.dto.js';

/** Readiness gives the database this long to answer `SELECT 1`; well inside the ALB's 5 s health check timeout. */
const DATABASE_PING_TIMEOUT_MS = 1500;

/** Terminus' answer to a check of no indicators, built once: liveness checks nothing (see live()). */
const LIVE: HealthCheckResult = Object.freeze({ status: 'ok', info: {}, error: {}, details: {} });

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /**
   * Liveness, probed by the load balancer: "this process serves HTTP". It deliberately does NOT check the
   * database. The ALB health check decides which tasks ECS keeps: if it failed whenever the database did, one
   * database outage (or failover) would mark every healthy task unhealthy, ECS would replace them all, the new
   * ones would fail too, and the service would cycle tasks for the whole outage instead of answering 503 fast
   * and recovering the moment the database is back (the pool reconnects by itself).
   * With no indicators to run, it answers Terminus' result directly: the load balancer calls it often, which is
   * also why only its failures are logged.
   */
  @Get()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @LogFailuresOnly()
  @ApiOkResponse({ description: 'The process is up' })
  live(): HealthCheckResult {
    return LIVE;
  }

  /** Readiness: can this instance serve requests that need the database right now? For dashboards and people. */
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ description: 'The database answers' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The database does not answer' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database').withTimeout(DATABASE_PING_TIMEOUT_MS),
      ]);
    } catch (error) {
      throw this.notReady(error);
    }
  }

  /** Names the failing checks without their raw reasons (a connection error names internal hosts). */
  private notReady(error: unknown): unknown {
    if (!(error instanceof ServiceUnavailableException)) return error;
    const result = error.getResponse() as Partial<HealthCheckResult>;
    const failed = Object.entries(result.error ?? {});
    this.logger.warn(`Not ready: ${JSON.stringify(result.error)}`);
    return new ServiceUnavailableException(
      failed.map(([name, check]) => `${name}: ${check?.status ?? 'down'}`),
    );
  }
}
