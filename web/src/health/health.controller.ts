import { LogFailuresOnly } from '@iac-experiment/platform';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';

/**
 * Liveness of web itself, probed by web's ALB target group. It deliberately checks nothing outside the process:
 * an api outage is shown to users as a 503 banner, and must not make ECS replace healthy web tasks. Only its
 * failures are logged: the load balancer calls it every few seconds.
 */
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthCheckService) {}

  @Get()
  @HealthCheck()
  @LogFailuresOnly()
  check() {
    return this.health.check([]);
  }
}
