import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { HttpMetrics } from './http-metrics.js';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics-options.js';
import { MetricsServer } from './metrics-server.js';

export interface MetricsModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: unknown[];
  useFactory: (...args: never[]) => MetricsOptions | Promise<MetricsOptions>;
}

/**
 * Prometheus metrics: process/Node defaults plus HTTP request metrics, served by MetricsServer on a private port.
 * The prom-client `Registry` is global and injectable, so feature modules can add their own metrics to it.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class MetricsModule {
  static forRootAsync(options: MetricsModuleAsyncOptions): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      imports: options.imports,
      providers: [
        { provide: METRICS_OPTIONS, inject: options.inject as never[], useFactory: options.useFactory },
        { provide: Registry, useFactory: createRegistry },
        HttpMetrics,
        MetricsServer,
      ],
      exports: [Registry, MetricsServer],
    };
  }
}

function createRegistry(): Registry {
  // One registry per application rather than prom-client's global one, so apps (and tests) never share metrics.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
