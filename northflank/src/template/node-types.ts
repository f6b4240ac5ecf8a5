/**
 * The TypeScript shape of each template node this project uses, so `tsc` can check template.json.
 *
 * Where Northflank's API client (@northflank/js-client) has a request type for what a node creates, the node's
 * `spec` is that type (a template node is the same request, run by the template engine). Nodes that only exist in
 * templates have no client type; their shapes below are transcribed from the template specification in Northflank's
 * API reference (https://northflank.com/docs/v1/api/team/templates/create-template, request body `spec`) and the
 * release-flow guide (https://northflank.com/docs/v1/application/release/configure-a-release-flow). Nested nodes
 * (a workflow's `steps`, a release flow's `spec`) are checked one by one, so containers hold `unknown` here.
 */
import type {
  AddSubdomainPathData,
  CreateAddonData,
  CreateJobManualData,
  CreateProjectData,
  CreateSecretData,
  CreateServiceBuildData,
  CreateServiceDeploymentData,
  StartJobRunData,
  UpdateReleaseflowData,
} from '@northflank/js-client';

/** Project resources may name their project instead of inheriting the workflow's context. */
type InProject<T> = T & { projectId?: string };

interface WorkflowSpec {
  type: 'sequential' | 'parallel';
  steps: unknown[];
  context?: { projectId?: string };
}

interface BuildSpec {
  id: string;
  type: 'service' | 'job';
  projectId?: string;
  branch?: string;
  sha?: string;
  pullRequestId?: number;
  reuseExistingBuilds?: boolean;
  buildRuleFallThroughHandling?: 'fail' | 'skip' | 'useLastBuild';
  buildOverrides?: {
    buildArguments?: Record<string, string> | string;
    buildFiles?: Record<string, unknown>;
    dockerSecretMounts?: Record<string, unknown>;
    docker?: { dockerFilePath?: string; dockerWorkDir?: string; dockerfileTarget?: string };
  };
  buildRules?: {
    pathIgnoreRules?: string[];
    isAllowList?: boolean;
    ciIgnoreFlagsEnabled?: boolean;
    ciIgnoreFlags?: string[];
  };
}

type Timeout = number | string;
type ConditionSpec =
  | {
      kind: 'Addon';
      spec: { type: 'running'; data: { addonId: string; projectId?: string; timeoutDuration?: Timeout } };
    }
  | {
      kind: 'AddonBackup';
      spec: { type: 'success'; data: { addonId: string; backupId: string; projectId?: string } };
    }
  | { kind: 'Build'; spec: { type: 'success'; data: { buildId: string; projectId?: string } } }
  | { kind: 'JobRun'; spec: { type: 'success'; data: { jobId: string; runId?: string; projectId?: string } } }
  | {
      kind: 'Service';
      spec: { type: 'running'; data: { serviceId: string; projectId?: string; timeoutDuration?: Timeout } };
    };

interface PipelineSpec {
  name: string;
  description?: string;
  projectId?: string;
  stages?: {
    name: 'Development' | 'Staging' | 'Production';
    nfObjects?: { id: string; type: 'service' | 'job' | 'addon' }[];
    releaseFlow?: {
      kind: 'ReleaseFlow';
      spec: Pick<UpdateReleaseflowData, 'arguments' | 'triggers' | 'options' | 'gitops' | 'richInputs'> & {
        apiVersion: 'v1.2';
        spec: unknown;
      };
    };
  }[];
}

/** The release node of release flows: deploys a build, an image, or another stage's deployment to a target. */
type ReleaseSpec = { target: { id: string; type: 'service' | 'job' } } & (
  | { type: 'build'; origin: { id?: string; branch: string; build: string } }
  | { type: 'deployment'; origin: { id: string; type: 'service' | 'job' } }
  | { type: 'image'; origin: { imagePath: string; credentials?: string } }
);

/** The fields every node has, and `condition` only where the node kind documents one. */
type Node<Kind extends string, Spec, Condition extends string = never> = {
  kind: Kind;
  ref?: string;
  spec: Spec;
  skipNodeExecution?: string;
} & ([Condition] extends [never] ? unknown : { condition?: Condition; timeoutDuration?: Timeout });

export interface TemplateNodes {
  Workflow: Node<'Workflow', WorkflowSpec>;
  Project: Node<'Project', CreateProjectData>;
  /** The managed-addon branch of the client's union (the other one deploys addon templates and needs no version). */
  Addon: Node<'Addon', InProject<Extract<CreateAddonData, { version: string }>>>;
  BuildService: Node<'BuildService', InProject<CreateServiceBuildData>>;
  Build: Node<'Build', BuildSpec, 'success'>;
  SecretGroup: Node<'SecretGroup', InProject<CreateSecretData>>;
  ManualJob: Node<'ManualJob', InProject<CreateJobManualData>>;
  JobRun: Node<'JobRun', InProject<StartJobRunData & { jobId: string }>, 'success'>;
  Condition: Node<'Condition', ConditionSpec>;
  SubdomainPath: Node<'SubdomainPath', AddSubdomainPathData & { subdomain: string }>;
  DeploymentService: Node<'DeploymentService', InProject<CreateServiceDeploymentData>>;
  Pipeline: Node<'Pipeline', PipelineSpec>;
  Release: Node<'Release', ReleaseSpec, 'running'>;
}

export type NodeKind = keyof TemplateNodes;

/** Kinds only a release flow may contain. */
export const RELEASE_FLOW_ONLY_KINDS: readonly NodeKind[] = ['Release'];

export const NODE_KINDS: readonly NodeKind[] = [
  'Workflow',
  'Project',
  'Addon',
  'BuildService',
  'Build',
  'SecretGroup',
  'ManualJob',
  'JobRun',
  'Condition',
  'SubdomainPath',
  'DeploymentService',
  'Pipeline',
  'Release',
];
