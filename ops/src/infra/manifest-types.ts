/**
 * The manifest fields this project uses (see manifest-schema.ts), all optional: cross-checks also run on manifests
 * that failed the schema, to report everything at once.
 */
export interface FromCfn {
  from_cfn?: string;
}

export interface WorkloadManifest {
  name?: unknown;
  type?: unknown;
  http?:
    | false
    | {
        path?: unknown;
        healthcheck?: { path?: unknown; interval?: unknown; timeout?: unknown };
        deregistration_delay?: unknown;
      };
  image?: { build?: { context?: unknown; dockerfile?: unknown }; port?: unknown };
  command?: unknown;
  cpu?: unknown;
  memory?: unknown;
  count?: { range?: unknown };
  network?: { connect?: unknown; vpc?: { placement?: unknown; security_groups?: FromCfn[] } };
  variables?: Record<string, unknown>;
  secrets?: Record<string, FromCfn>;
}

export interface EnvironmentManifest {
  name?: unknown;
  type?: unknown;
  observability?: { container_insights?: unknown };
}
