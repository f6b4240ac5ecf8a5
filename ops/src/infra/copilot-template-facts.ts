/**
 * What the Copilot-side checks of validate:infra rely on about the templates Copilot v1.34.1 renders. Each fact is
 * checked against the real render (ops/test/copilot/render.e2e-spec.ts renders every stack with the pinned Copilot
 * built from its module), so a Copilot upgrade that changes one fails the tests rather than a deploy.
 */

/**
 * The runtime every Copilot custom-resource Lambda is patched to (copilot/**\/overrides/cfn.patches.yml). Copilot
 * v1.34.1 renders them on nodejs20.x. Every handler in its cf-custom-resources/lib is an `async` function, which
 * Lambda's Node 24 runs (it drops only callback-style handlers), and nodejs24.x is supported a year longer than
 * nodejs22.x (2028-04-30 against 2027-04-30). The render test checks both facts.
 */
export const PATCHED_LAMBDA_RUNTIME = 'nodejs24.x';

/**
 * Logical IDs of the environment stack that `environments/addons/addons.parameters.yml` may reference, for an
 * environment whose VPC Copilot creates with its defaults (two public and two private subnets), and its parameters.
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
