import {
  type CloudFormationClient,
  paginateDescribeStacks,
  paginateListStackResources,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { CliError } from '../shared/cli-error.js';
import { COPILOT_APP_TAG, COPILOT_ENV_TAG, COPILOT_WORKLOAD_TAG } from '../shared/copilot-names.js';

export interface InventoryResource {
  type: string;
  logicalId: string;
  physicalId: string | null;
  status: string;
}

export interface InventoryStack {
  name: string;
  id: string;
  status: string;
  /** Name of the stack this one is nested in (Copilot puts addons in nested stacks). */
  parent: string | null;
  environment: string | null;
  workload: string | null;
  resources: InventoryResource[];
}

export interface Inventory {
  app: string;
  env: string | null;
  stacks: InventoryStack[];
  resourceCount: number;
  countsByType: Record<string, number>;
}

const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';

/**
 * Every resource Copilot's stacks created for the app: the stacks tagged `copilot-application=<app>` (the app's
 * roles and stack-set instance, each environment, each workload), plus any stack nested in them.
 */
export async function collectInventory(
  cloudFormation: CloudFormationClient,
  { app, env }: { app: string; env?: string },
): Promise<Inventory> {
  const allStacks = await describeAllStacks(cloudFormation);
  const byId = new Map(allStacks.map((stack) => [stack.StackId as string, stack]));
  const queue = allStacks.filter(
    (stack) =>
      tag(stack, COPILOT_APP_TAG) === app && (env === undefined || tag(stack, COPILOT_ENV_TAG) === env),
  );
  if (queue.length === 0) {
    throw new CliError(
      `No CloudFormation stacks tagged ${COPILOT_APP_TAG}=${app}${env ? ` and ${COPILOT_ENV_TAG}=${env}` : ''} ` +
        'in this account and region.',
    );
  }

  const seen = new Set<string>();
  const stacks: InventoryStack[] = [];
  while (queue.length > 0) {
    const stack = queue.shift() as Stack;
    const id = stack.StackId as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const resources = await listResources(cloudFormation, id);
    for (const resource of resources) {
      const nested =
        resource.type === NESTED_STACK_TYPE && resource.physicalId ? byId.get(resource.physicalId) : null;
      if (nested) queue.push(nested);
    }
    stacks.push({
      name: stack.StackName as string,
      id,
      status: stack.StackStatus ?? 'UNKNOWN',
      parent: stack.ParentId ? (byId.get(stack.ParentId)?.StackName ?? stack.ParentId) : null,
      environment: tag(stack, COPILOT_ENV_TAG) ?? null,
      workload: tag(stack, COPILOT_WORKLOAD_TAG) ?? null,
      resources,
    });
  }

  stacks.sort((a, b) => a.name.localeCompare(b.name));
  const countsByType: Record<string, number> = {};
  for (const resource of stacks.flatMap((stack) => stack.resources)) {
    countsByType[resource.type] = (countsByType[resource.type] ?? 0) + 1;
  }
  return {
    app,
    env: env ?? null,
    stacks,
    resourceCount: stacks.reduce((sum, stack) => sum + stack.resources.length, 0),
    countsByType: Object.fromEntries(Object.entries(countsByType).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function tag(stack: Stack, key: string): string | undefined {
  return stack.Tags?.find((candidate) => candidate.Key === key)?.Value;
}

/** DescribeStacks without a name lists every live stack in the region, tags included, a page at a time. */
async function describeAllStacks(cloudFormation: CloudFormationClient): Promise<Stack[]> {
  const stacks: Stack[] = [];
  for await (const page of paginateDescribeStacks({ client: cloudFormation }, {})) {
    stacks.push(...(page.Stacks ?? []));
  }
  return stacks;
}

async function listResources(
  cloudFormation: CloudFormationClient,
  stackId: string,
): Promise<InventoryResource[]> {
  const resources: InventoryResource[] = [];
  for await (const page of paginateListStackResources({ client: cloudFormation }, { StackName: stackId })) {
    for (const summary of page.StackResourceSummaries ?? []) {
      resources.push({
        type: summary.ResourceType ?? 'UNKNOWN',
        logicalId: summary.LogicalResourceId ?? '',
        physicalId: summary.PhysicalResourceId ?? null,
        status: summary.ResourceStatus ?? 'UNKNOWN',
      });
    }
  }
  return resources.sort((a, b) => a.type.localeCompare(b.type) || a.logicalId.localeCompare(b.logicalId));
}
