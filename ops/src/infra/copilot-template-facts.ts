/**
 * Facts about the CloudFormation templates Copilot renders, read from its source because the copilot binary cannot
 * run here. The YAML patch overrides are checked against these: a `replace` on a path that is not in the rendered
 * template fails the deploy, and a nodejs20.x function left unpatched fails it once Lambda blocks that runtime.
 *
 * Source: github.com/aws/copilot-cli at commit 4c858e718bc88449e29540993d8496ac81d7b419 (mainline 2024-03-25,
 * `git describe`: v1.33.2-5-g4c858e7), the newest snapshot we could read. The pinned binary is v1.34.1; that it still
 * renders these functions with nodejs20.x is corroborated by aws/copilot-cli#6093 (open, 2025-11 to 2026-05) and the
 * unmerged fix #6099, and by a third party's rendered v1.34 LB web service template (serpapi/serpapi-mcp#61:
 * DynamicDesiredCountFunction, EnvControllerFunction, RulePriorityFunction). To re-verify after bootstrap:
 * `copilot svc package -n api -e production --output-dir /tmp/out` and search for `Runtime:`.
 */
export const COPILOT_SOURCE = {
  repository: 'aws/copilot-cli',
  commit: '4c858e718bc88449e29540993d8496ac81d7b419',
  describe: 'v1.33.2-5-g4c858e7',
  pinnedRelease: 'v1.34.1',
} as const;

/** The runtime Copilot v1.34.1 hard-codes for every custom-resource function, deprecated by Lambda on 2026-04-30. */
export const COPILOT_LAMBDA_RUNTIME = 'nodejs20.x';
/** What the overrides move them to. */
export const PATCHED_LAMBDA_RUNTIME = 'nodejs22.x';

export type TemplateKind = 'Load Balanced Web Service' | 'Scheduled Job' | 'Environment';

/** The manifest features that decide which partials Copilot includes in a template. */
export interface TemplateFeatures {
  /** LB web service: `http` is not `false` (internal/pkg/deploy/cloudformation/stack/lb_web_svc.go: ALBListener). */
  alb?: boolean;
  /** LB web service: `nlb` is configured. */
  nlb?: boolean;
  /** `count.range` with a scaling metric and no `count.spot` (transformers.go convertAutoscaling). */
  autoscaling?: boolean;
  /** Environment: `http.public.certificates` imported (cf.yml: `if not .PublicHTTPConfig.ImportedCertARNs`). */
  importedCertificates?: boolean;
  /** Environment: `http.public.access_logs` without a bucket name (ELBAccessLogs.ShouldCreateBucket). */
  accessLogsBucket?: boolean;
  /** Environment: `cdn` configured. */
  cdn?: boolean;
}

export interface LambdaFunctionFact {
  logicalId: string;
  /** Template that declares it, relative to internal/pkg/template/templates/. */
  source: string;
  /** Line of `Runtime: nodejs20.x` in that file at COPILOT_SOURCE.commit. */
  runtimeLine: number;
  kinds: TemplateKind[];
  /** Whether the rendered template of that kind contains the function, given the manifest's features. */
  presentWhen: (features: TemplateFeatures) => boolean;
  /** How the partial is included, for humans. */
  inclusion: string;
}

export const LAMBDA_FUNCTIONS: LambdaFunctionFact[] = [
  {
    logicalId: 'EnvControllerFunction',
    source: 'workloads/partials/cf/env-controller.yml',
    runtimeLine: 27,
    kinds: ['Load Balanced Web Service', 'Scheduled Job'],
    presentWhen: () => true,
    inclusion:
      'always: workloads/services/lb-web/cf.yml and workloads/jobs/scheduled-job/cf.yml include "env-controller"',
  },
  {
    logicalId: 'RulePriorityFunction',
    source: 'workloads/partials/cf/alb.yml',
    runtimeLine: 65,
    kinds: ['Load Balanced Web Service'],
    presentWhen: (features) => features.alb === true,
    inclusion: 'lb-web/cf.yml: {{- if .ALBListener}} {{include "alb" .}}',
  },
  {
    logicalId: 'DynamicDesiredCountFunction',
    source: 'workloads/partials/cf/autoscaling.yml',
    runtimeLine: 29,
    kinds: ['Load Balanced Web Service'],
    presentWhen: (features) => features.autoscaling === true,
    inclusion: 'lb-web/cf.yml: {{- if .Autoscaling}} {{include "autoscaling" .}}',
  },
  {
    logicalId: 'NLBCustomDomainFunction',
    source: 'workloads/partials/cf/nlb.yml',
    runtimeLine: 156,
    kinds: ['Load Balanced Web Service'],
    presentWhen: (features) => features.nlb === true,
    inclusion: 'lb-web/cf.yml: {{- if .NLB}} {{include "nlb" .}}',
  },
  {
    logicalId: 'NLBCertValidatorFunction',
    source: 'workloads/partials/cf/nlb.yml',
    runtimeLine: 236,
    kinds: ['Load Balanced Web Service'],
    presentWhen: (features) => features.nlb === true,
    inclusion: 'lb-web/cf.yml: {{- if .NLB}} {{include "nlb" .}}',
  },
  ...['CertificateValidationFunction', 'CustomDomainFunction', 'DNSDelegationFunction'].map(
    (logicalId, index): LambdaFunctionFact => ({
      logicalId,
      source: 'environment/partials/lambdas.yml',
      runtimeLine: [14, 29, 44][index],
      kinds: ['Environment'],
      presentWhen: (features) => features.importedCertificates !== true,
      inclusion:
        'environment/cf.yml: {{- if not .PublicHTTPConfig.ImportedCertARNs}} … {{include "lambdas" .}} (created only under Conditions DelegateDNS / ManagedAliases)',
    }),
  ),
  {
    logicalId: 'BucketCleanerFunction',
    source: 'environment/partials/elb-access-logs.yml',
    runtimeLine: 66,
    kinds: ['Environment'],
    presentWhen: (features) => features.accessLogsBucket === true,
    inclusion: 'environment/cf.yml: {{- if .PublicHTTPConfig.ELBAccessLogs.ShouldCreateBucket }}',
  },
  ...['UniqueJSONValuesFunction', 'CertificateReplicatorFunction'].map(
    (logicalId, index): LambdaFunctionFact => ({
      logicalId,
      source: 'environment/partials/cdn-resources.yml',
      runtimeLine: [37, 142][index],
      kinds: ['Environment'],
      presentWhen: (features) => features.cdn === true,
      inclusion: 'environment/cf.yml: {{- if .CDNConfig}} {{include "cdn-resources" .}}',
    }),
  ),
];

/**
 * Logical IDs of the environment stack that `environments/addons/addons.parameters.yml` may reference, for an
 * environment whose VPC Copilot creates with its defaults (two public and two private subnets):
 * environment/partials/vpc-resources.yml (`VPC`, `PublicSubnet{n}`, `PrivateSubnet{n}` for n in 1..2,
 * DefaultPublicSubnetCIDRs / DefaultPrivateSubnetCIDRs in internal/pkg/deploy/cloudformation/stack/env.go) and
 * environment/cf.yml (`Cluster`, `EnvironmentSecurityGroup`, parameters `AppName`, `EnvironmentName`).
 */
export const ENVIRONMENT_STACK_LOGICAL_IDS = {
  resources: [
    'VPC',
    'PublicSubnet1',
    'PublicSubnet2',
    'PrivateSubnet1',
    'PrivateSubnet2',
    'Cluster',
    'EnvironmentSecurityGroup',
    'PublicLoadBalancer',
  ],
  parameters: ['AppName', 'EnvironmentName'],
  privateSubnets: ['PrivateSubnet1', 'PrivateSubnet2'],
  /**
   * Resources created only under a condition of the environment stack (environment/cf.yml): the public ALB exists
   * once some Load Balanced Web Service is deployed (`CreateALB: !Not [!Equals [!Ref ALBWorkloads, ""]]`). A `Ref`
   * to it outside `!If [CreateALB, …]` fails the environment deploy while there is no such service.
   */
  conditionalResources: { PublicLoadBalancer: 'CreateALB' },
  conditions: ['CreateALB'],
} as const;

/** Parameters Copilot passes to every environment addon itself; they may not appear in addons.parameters.yml. */
export const ENV_ADDON_RESERVED_PARAMETERS = ['App', 'Env'] as const;
/** Top-level sections Copilot keeps when it merges addon templates (internal/pkg/addon/cloudformation.go). */
export const ADDON_TEMPLATE_SECTIONS = [
  'Metadata',
  'Parameters',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
];

/** The nodejs20.x functions a rendered template of this kind contains, given the manifest's features. */
export function lambdaFunctionsIn(kind: TemplateKind, features: TemplateFeatures): LambdaFunctionFact[] {
  return LAMBDA_FUNCTIONS.filter((fact) => fact.kinds.includes(kind) && fact.presentWhen(features));
}

/** Reads the template-relevant features off a manifest (the subset of fields this project's schema allows). */
export function templateFeatures(kind: TemplateKind, manifest: Record<string, unknown>): TemplateFeatures {
  if (kind === 'Environment') {
    const http = manifest.http as
      | { public?: { certificates?: unknown[]; access_logs?: unknown } }
      | undefined;
    const accessLogs = http?.public?.access_logs;
    return {
      importedCertificates: (http?.public?.certificates?.length ?? 0) > 0,
      accessLogsBucket:
        accessLogs === true ||
        (typeof accessLogs === 'object' && accessLogs !== null && !('bucket_name' in accessLogs)),
      cdn: manifest.cdn !== undefined && manifest.cdn !== false,
    };
  }
  if (kind === 'Scheduled Job') return {};
  const count = manifest.count as Record<string, unknown> | number | undefined;
  const advanced = typeof count === 'object' && count !== null;
  return {
    alb: manifest.http !== undefined && manifest.http !== false,
    nlb: manifest.nlb !== undefined,
    autoscaling: advanced && count.range !== undefined && count.spot === undefined,
  };
}
