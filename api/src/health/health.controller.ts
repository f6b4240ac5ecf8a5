import { Controller, Get, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ErrorResponseDto } from '../http/error-response.dto.js';

/** Readiness gives the database this long to answer `SELECT 1`; well inside the ALB's 5 s health check timeout. */
const DATABASE_PING_TIMEOUT_MS = 1500;

/**
 * Readiness. Liveness, which the load balancer probes, is not here: it checks nothing, and is a plain Fastify route
 * (registerLiveness in app.factory.ts).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly dataSource: DataSource,
  ) {}

  /** Readiness: can this instance serve requests that need the database right now? For dashboards and people. */
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ description: 'The database answers' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The database does not answer' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        // The api's own DataSource: left to find it, Terminus imports @nestjs/typeorm by name, which in the bundle
        // is a second copy whose DataSource token is not the one the api registered.
        () =>
          this.database
            .pingCheck('database', { connection: this.dataSource })
            .withTimeout(DATABASE_PING_TIMEOUT_MS),
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
