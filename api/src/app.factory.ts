import {
  AppLogger,
  createFastifyAdapter,
  createLogger,
  registerLiveness,
  registerWriteRateLimit,
} from '@iac-experiment/platform';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { AllExceptionsFilter } from './http/all-exceptions.filter.js';
import { registerJsonBodyParser } from './http/json-body-parser.js';
import { registerSchemaValidation } from './http/schema-validation.js';
import { storableContentKeyword } from './messages/dto/message-content.js';

export const GLOBAL_PREFIX = 'api';
export const DOCS_PATH = `${GLOBAL_PREFIX}/docs`;
/** Liveness, the load balancer's health check (copilot/api/manifest.yml); readiness is HealthController's. */
export const LIVENESS_PATH = `/${GLOBAL_PREFIX}/health`;

export interface AppOptions {
  /** Where JSON logs go; stdout when absent (tests read them from a stream). */
  logs?: DestinationStream;
}

/** The configured api application, not yet listening (main.ts and the e2e suites share it). */
export async function createApp(
  config: AppConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    service: 'api',
    destination: options.logs,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger),
    createFastifyAdapter({ bodyLimit: config.bodyLimitBytes, logger, nestMiddleware: false }),
    // bodyParser: false leaves Fastify's own JSON parser (no form bodies, see below). abortOnError: false makes a
    // failed boot reject (main.ts then exits non-zero) instead of Nest calling process.exit itself.
    { bufferLogs: true, bodyParser: false, abortOnError: false },
  );
  app.useLogger(app.get(AppLogger));
  const fastify = app.getHttpAdapter().getInstance();
  // JSON bodies only: Fastify also parses text/plain by default; without a parser it answers 415.
  fastify.removeContentTypeParser('text/plain');
  registerJsonBodyParser(fastify);
  registerLiveness(fastify, LIVENESS_PATH);
  registerSchemaValidation(fastify, [storableContentKeyword]);
  await registerWriteRateLimit(fastify, { perMinute: config.writeLimitPerMinute });
  app.setGlobalPrefix(GLOBAL_PREFIX);
  app.useGlobalFilters(new AllExceptionsFilter());
  setUpSwagger(app);
  return app;
}

function setUpSwagger(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('iac-experiment api')
      .setDescription('The message board API. Errors always have the shape of ErrorResponseDto.')
      .setVersion('1.0')
      .build(),
  );
  // Liveness is a plain Fastify route (registerLiveness), which Nest's document does not see.
  document.paths[LIVENESS_PATH] = {
    get: {
      operationId: 'live',
      tags: ['health'],
      summary: 'Liveness: the process serves HTTP (the database is not checked)',
      responses: { '200': { description: 'The process is up' } },
    },
  };
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}/openapi.json` });
}
