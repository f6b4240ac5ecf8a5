import { Ajv, type ErrorObject, type SchemaObject } from 'ajv';

/**
 * Strict JSON Schemas of exactly the manifest fields this project uses, per workload type. Copilot v1.34 decodes
 * manifests with plain yaml.v3 and ignores unknown keys, so a typo (`healthchek:`) deploys silently with defaults;
 * here every object is `additionalProperties: false` and an unknown or misspelled key is an error.
 *
 * Field names and shapes follow Copilot's manifest structs (internal/pkg/manifest/{lb_web_svc,http,svc,workload,
 * workload_ecs,job,env}.go, first read at aws/copilot-cli 4c858e7; that v1.34.1 accepts and renders this repository's
 * manifests, the render test shows by running it) and the community schemas in ../shared/copilot-schemas (ISC),
 * whose known false rejections (http.path without a leading slash, …) do not apply here. Adding a feature means
 * adding its fields here first, after checking them against Copilot's docs.
 */

/** Go `time.Duration` as Copilot accepts it, restricted to whole h/m/s (e.g. `30s`, `15m`, `1h30m`). */
export const DURATION_PATTERN = '^(?=\\d)(\\d+h)?(\\d+m)?(\\d+s)?$';
/** CloudWatch Logs retention values (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
const WORKLOAD_NAME = '^[a-z][a-z0-9-]*$';
const ENV_VAR_NAME = '^[A-Z][A-Z0-9_]*$';

const duration = { type: 'string', pattern: DURATION_PATTERN };
const fromCfn = {
  type: 'object',
  additionalProperties: false,
  required: ['from_cfn'],
  properties: { from_cfn: { type: 'string', minLength: 1 } },
};
const percentage = { type: 'integer', minimum: 1, maximum: 100 };

const definitions = {
  duration,
  fromCfn,
  imageBuild: {
    type: 'object',
    additionalProperties: false,
    required: ['context', 'dockerfile'],
    properties: {
      // The repo root: each Dockerfile installs its Yarn workspace from the monorepo.
      context: { const: '.' },
      dockerfile: { type: 'string', pattern: '^[a-z][a-z0-9-]*/Dockerfile$' },
    },
  },
  platform: { enum: ['linux/x86_64', 'linux/arm64'] },
  cpu: { enum: [256, 512, 1024, 2048, 4096, 8192, 16384] },
  memory: { type: 'integer', minimum: 512 },
  variables: {
    type: 'object',
    propertyNames: { pattern: ENV_VAR_NAME },
    additionalProperties: { oneOf: [{ type: 'string' }, { $ref: '#/definitions/fromCfn' }] },
  },
  // Only values imported from CloudFormation exports: a literal here would be a plaintext secret in git.
  secrets: {
    type: 'object',
    minProperties: 1,
    propertyNames: { pattern: ENV_VAR_NAME },
    additionalProperties: { $ref: '#/definitions/fromCfn' },
  },
  vpc: {
    type: 'object',
    additionalProperties: false,
    required: ['placement'],
    properties: {
      placement: { enum: ['public', 'private'] },
      security_groups: { type: 'array', minItems: 1, items: { $ref: '#/definitions/fromCfn' } },
    },
  },
  logging: {
    type: 'object',
    additionalProperties: false,
    required: ['retention'],
    // Any other logging key would switch the workload to a FireLens sidecar.
    properties: { retention: { enum: LOG_RETENTION_DAYS } },
  },
} satisfies Record<string, SchemaObject>;

const loadBalancedWebService: SchemaObject = {
  $id: 'load-balanced-web-service',
  type: 'object',
  additionalProperties: false,
  required: [
    'name',
    'type',
    'http',
    'image',
    'cpu',
    'memory',
    'count',
    'network',
    'variables',
    'deployment',
    'logging',
  ],
  definitions,
  properties: {
    name: { type: 'string', pattern: WORKLOAD_NAME },
    type: { const: 'Load Balanced Web Service' },
    http: {
      type: 'object',
      additionalProperties: false,
      required: ['path', 'healthcheck', 'deregistration_delay'],
      properties: {
        // '/' or a prefix without slashes at either end ('api'); Copilot adds the leading slash itself.
        path: { type: 'string', pattern: '^(/|[a-z0-9][a-z0-9/_-]*[a-z0-9])$' },
        healthcheck: {
          type: 'object',
          additionalProperties: false,
          required: ['path'],
          properties: {
            path: { type: 'string', pattern: '^/' },
            success_codes: { type: 'string', pattern: '^\\d{3}([-,]\\d{3})*$' },
            healthy_threshold: { type: 'integer', minimum: 2, maximum: 10 },
            unhealthy_threshold: { type: 'integer', minimum: 2, maximum: 10 },
            interval: duration,
            timeout: duration,
            grace_period: duration,
          },
        },
        deregistration_delay: duration,
      },
    },
    image: {
      type: 'object',
      additionalProperties: false,
      required: ['build', 'port'],
      properties: {
        build: { $ref: '#/definitions/imageBuild' },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
      },
    },
    cpu: { $ref: '#/definitions/cpu' },
    memory: { $ref: '#/definitions/memory' },
    platform: { $ref: '#/definitions/platform' },
    count: {
      type: 'object',
      additionalProperties: false,
      required: ['range'],
      // Copilot: a range needs at least one scaling metric (validate.go AdvancedCount).
      anyOf: [{ required: ['cpu_percentage'] }, { required: ['memory_percentage'] }],
      properties: {
        range: { type: 'string', pattern: '^[1-9]\\d*-[1-9]\\d*$' },
        cooldown: {
          type: 'object',
          additionalProperties: false,
          properties: { in: duration, out: duration },
        },
        cpu_percentage: percentage,
        memory_percentage: percentage,
      },
    },
    exec: { type: 'boolean' },
    network: {
      type: 'object',
      additionalProperties: false,
      required: ['connect', 'vpc'],
      properties: {
        connect: { const: true },
        vpc: { $ref: '#/definitions/vpc' },
      },
    },
    variables: { $ref: '#/definitions/variables' },
    secrets: { $ref: '#/definitions/secrets' },
    deployment: {
      type: 'object',
      additionalProperties: false,
      required: ['rollback_alarms'],
      properties: {
        rolling: { enum: ['default', 'recreate'] },
        // Copilot takes either the names of existing alarms or thresholds for alarms it creates, not both.
        rollback_alarms: {
          oneOf: [
            { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
            {
              type: 'object',
              additionalProperties: false,
              minProperties: 1,
              properties: { cpu_utilization: percentage, memory_utilization: percentage },
            },
          ],
        },
      },
    },
    logging: { $ref: '#/definitions/logging' },
  },
};

const scheduledJob: SchemaObject = {
  $id: 'scheduled-job',
  type: 'object',
  additionalProperties: false,
  required: [
    'name',
    'type',
    'on',
    'timeout',
    'image',
    'command',
    'cpu',
    'memory',
    'network',
    'secrets',
    'logging',
  ],
  definitions,
  properties: {
    name: { type: 'string', pattern: WORKLOAD_NAME },
    type: { const: 'Scheduled Job' },
    on: {
      type: 'object',
      additionalProperties: false,
      required: ['schedule'],
      // Run only when CI starts it. Lowercase: "None" is an invalid cron to Copilot (issue #3838).
      properties: { schedule: { const: 'none' } },
    },
    timeout: duration,
    // A half-applied migration is never retried automatically.
    retries: { const: 0 },
    image: {
      type: 'object',
      additionalProperties: false,
      required: ['build'],
      properties: { build: { $ref: '#/definitions/imageBuild' } },
    },
    command: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    cpu: { $ref: '#/definitions/cpu' },
    memory: { $ref: '#/definitions/memory' },
    platform: { $ref: '#/definitions/platform' },
    network: {
      type: 'object',
      additionalProperties: false,
      required: ['vpc'],
      properties: { vpc: { $ref: '#/definitions/vpc' } },
    },
    variables: { $ref: '#/definitions/variables' },
    secrets: { $ref: '#/definitions/secrets' },
    logging: { $ref: '#/definitions/logging' },
  },
};

const environment: SchemaObject = {
  $id: 'environment',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'observability'],
  properties: {
    name: { type: 'string', pattern: WORKLOAD_NAME },
    type: { const: 'Environment' },
    observability: {
      type: 'object',
      additionalProperties: false,
      required: ['container_insights'],
      properties: { container_insights: { type: 'boolean' } },
    },
  },
};

const workspace: SchemaObject = {
  $id: 'workspace',
  type: 'object',
  additionalProperties: false,
  required: ['application'],
  properties: { application: { type: 'string', pattern: WORKLOAD_NAME } },
};

/** RFC 6902 operations as Copilot's YAML patch overrides accept them (internal/pkg/override/patch.go). */
const yamlPatches: SchemaObject = {
  $id: 'yaml-patches',
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['op', 'path'],
    oneOf: [
      {
        additionalProperties: false,
        required: ['value'],
        properties: {
          op: { enum: ['add', 'replace'] },
          path: { type: 'string', pattern: '^(/[^/]+)+$' },
          value: {},
        },
      },
      {
        additionalProperties: false,
        properties: { op: { const: 'remove' }, path: { type: 'string', pattern: '^(/[^/]+)+$' } },
      },
    ],
  },
};

export const WORKLOAD_TYPES = ['Load Balanced Web Service', 'Scheduled Job'] as const;
export type WorkloadType = (typeof WORKLOAD_TYPES)[number];

const ajv = new Ajv({
  allErrors: true,
  verbose: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});
const validators = {
  'Load Balanced Web Service': ajv.compile(loadBalancedWebService),
  'Scheduled Job': ajv.compile(scheduledJob),
  Environment: ajv.compile(environment),
  workspace: ajv.compile(workspace),
  patches: ajv.compile(yamlPatches),
};

export type SchemaName = keyof typeof validators;

function describe(error: ErrorObject): { at: string; message: string } {
  const at = error.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)';
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    return {
      at: at === '(root)' ? key : `${at}.${key}`,
      message: `unknown key '${key}' (Copilot would silently ignore it; is it misspelled or misplaced?)`,
    };
  }
  if ((error.parentSchema as { pattern?: string } | undefined)?.pattern === DURATION_PATTERN) {
    return {
      at,
      message: 'must be a duration with a unit, e.g. 30s, 15m or 1h30m (a bare number is not a duration)',
    };
  }
  if (error.keyword === 'enum' || error.keyword === 'const') {
    const allowed = (error.params as { allowedValues?: unknown[]; allowedValue?: unknown }).allowedValues ?? [
      (error.params as { allowedValue?: unknown }).allowedValue,
    ];
    return { at, message: `must be ${allowed.map((value) => JSON.stringify(value)).join(' or ')}` };
  }
  return { at, message: error.message ?? error.keyword };
}

/** Validates against one of the strict schemas; returns located messages (empty when valid). */
export function validateAgainstSchema(
  schema: SchemaName,
  data: unknown,
): Array<{ at: string; message: string }> {
  const validate = validators[schema];
  if (validate(data)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'anyOf' && error.keyword !== 'if')
    .map(describe)
    .filter((problem) => {
      const key = `${problem.at}|${problem.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
