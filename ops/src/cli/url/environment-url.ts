import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CliError } from '../shared/cli-error.js';
import { environmentStackName } from '../shared/copilot-names.js';
import { getStack, stackOutputs } from '../shared/stacks.js';

// Output keys of Copilot's environment template (templates/environment/cf.yml), read the way
// `copilot svc show` reads them (internal/pkg/describe/uri.go).
const ALB_DNS_OUTPUT = 'PublicLoadBalancerDNSName';
const ALB_ACCESSIBLE_OUTPUT = 'PublicALBAccessible';
const CLOUDFRONT_DNS_OUTPUT = 'CloudFrontDomainName';

/**
 * The environment's public URL. Without certificates the ALB listens on plain HTTP on its AWS DNS name;
 * with a CloudFront distribution in front (and the ALB restricted to it), CloudFront's HTTPS name.
 */
export async function environmentUrl(
  cloudFormation: CloudFormationClient,
  app: string,
  env: string,
): Promise<string> {
  const stackName = environmentStackName(app, env);
  const stack = await getStack(
    cloudFormation,
    stackName,
    `Create and deploy the environment first (\`copilot env init\` / \`copilot env deploy --name ${env}\`).`,
  );
  const outputs = stackOutputs(stack);
  const albDns = outputs.get(ALB_DNS_OUTPUT);
  const albAccessible = outputs.get(ALB_ACCESSIBLE_OUTPUT) !== 'false';
  if (albDns && albAccessible) return `http://${albDns}`;
  const cloudFrontDns = outputs.get(CLOUDFRONT_DNS_OUTPUT);
  if (cloudFrontDns) return `https://${cloudFrontDns}`;
  throw new CliError(
    `Stack ${stackName} has no ${ALB_DNS_OUTPUT} output: Copilot creates the public load balancer only once a ` +
      'Load Balanced Web Service is deployed to the environment.',
  );
}
