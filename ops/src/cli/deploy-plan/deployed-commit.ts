import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { workloadStackName } from '../shared/copilot-names.js';
import { findStack, stackParameter } from '../shared/stacks.js';

/** Copilot passes the pushed image as this workload-stack parameter, `<repo>:<tag>` when deployed with --tag. */
const CONTAINER_IMAGE_PARAMETER = 'ContainerImage';
const COMMIT = /^[0-9a-f]{7,40}$/;

/**
 * The commit a workload currently runs, read from its stack: CI deploys with `--tag <commit sha>`, and a
 * manual `copilot deploy` from a clean tree tags with the short sha. Null when the stack does not exist or
 * the image tag is not a commit (then the workload is redeployed, the safe answer).
 */
export async function deployedCommit(
  cloudFormation: CloudFormationClient,
  app: string,
  env: string,
  workload: string,
): Promise<string | null> {
  const stack = await findStack(cloudFormation, workloadStackName(app, env, workload));
  const image = stack ? stackParameter(stack, CONTAINER_IMAGE_PARAMETER) : undefined;
  if (!image) return null;
  const afterRepository = image.slice(image.lastIndexOf('/') + 1);
  const separator = afterRepository.lastIndexOf(':');
  const tag = separator >= 0 ? afterRepository.slice(separator + 1) : '';
  return COMMIT.test(tag) ? tag : null;
}
