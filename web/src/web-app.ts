import {
  AppLogger,
  BODY_LIMIT_BYTES,
  createFastifyAdapter,
  createLogger,
  registerLiveness,
  registerWriteRateLimit,
} from '@iac-experiment/platform';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Handlebars from 'handlebars';
import helmet from 'helmet';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { assetUrls, STATIC_MAX_AGE_SECONDS, STATIC_PREFIX } from './assets/static-assets.js';
import type { WebConfig } from './config/web-config.js';
import { HtmlExceptionFilter } from './errors/html-exception.filter.js';
import { refuseCrossSitePosts } from './forms/cross-site-guard.js';
import { useStrictFormParser } from './forms/form-body-parser.js';
import { API_UNAVAILABLE_BANNER, boardView } from './messages/board.view-model.js';
import { PUBLIC_DIR, VIEWS_DIR } from './paths.js';

export interface WebAppOptions {
  /** Where log lines go; stdout when absent. Tests pass a stream to read them. */
  logDestination?: DestinationStream;
}

/** Builds and initializes the web application (not yet listening) exactly as production runs it; tests use it too. */
export async function createWebApp(
  config: WebConfig,
  options: WebAppOptions = {},
): Promise<NestFastifyApplication> {
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    service: 'web',
    destination: options.logDestination,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger),
    createFastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, logger }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(AppLogger));
  useStrictFormParser(app, BODY_LIMIT_BYTES);
  await configureWebApp(app, config);
  await warmUpViews(app);
  return app;
}

/**
 * Renders every page once before the app takes traffic: a broken template fails the boot instead of the first
 * request, and (templates being cached outside development) no user request pays for compiling one.
 */
async function warmUpViews(app: NestFastifyApplication): Promise<void> {
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  await fastify.view(
    'index.hbs',
    boardView({ page: null, errors: ['warm-up'], banner: API_UNAVAILABLE_BANNER }),
  );
  await fastify.view('error.hbs', { title: 'Not Found', status: 404, text: 'warm-up', requestId: 'warm-up' });
}

async function configureWebApp(app: NestFastifyApplication, config: WebConfig): Promise<void> {
  const development = config.nodeEnv === 'development';

  // helmet builds its header-setting middleware once, here (@fastify/helmet built it again, CSP parsing and all, on
  // every request). An onRequest hook on the root instance covers every reply: pages, static files, 404s.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // The ALB of a Copilot environment without a domain speaks plain HTTP: upgrading would break CSS and forms.
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
    // Under helmet's default (no-referrer) a browser sends `Origin: null` on the site's own form posts, which
    // refuseCrossSitePosts must refuse. same-origin: the page's own posts carry its origin, other sites get nothing.
    referrerPolicy: { policy: 'same-origin' },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
  fastify.addHook('onRequest', refuseCrossSitePosts);
  await registerWriteRateLimit(fastify, { perMinute: config.writeLimitPerMinute });
  // The load balancer's health check (copilot/web/manifest.yml); it never calls the api.
  registerLiveness(fastify, '/health');

  app.useStaticAssets({
    root: PUBLIC_DIR,
    prefix: STATIC_PREFIX,
    // Pages link to content-versioned URLs (see assetUrls), so a year-long immutable cache is safe. In development
    // files change under a running server: browsers revalidate instead.
    maxAge: development ? 0 : STATIC_MAX_AGE_SECONDS * 1000,
    immutable: !development,
  });

  app.setViewEngine({
    engine: { handlebars: Handlebars.create() },
    root: VIEWS_DIR,
    layout: 'layout.hbs',
    options: {
      partials: {
        banner: 'partials/banner.hbs',
        'message-form': 'partials/message-form.hbs',
      },
    },
    defaultContext: { assets: assetUrls(PUBLIC_DIR) },
    // Compiled templates are cached except in development, where template edits show up without a restart.
    production: !development,
  });

  app.useGlobalFilters(new HtmlExceptionFilter());
}
