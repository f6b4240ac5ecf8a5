import { CloudFormationClient, type CloudFormationClientConfig } from '@aws-sdk/client-cloudformation';
import { SFNClient } from '@aws-sdk/client-sfn';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';

export interface AwsClients {
  cloudFormation: CloudFormationClient;
  stepFunctions: SFNClient;
}

export interface AwsClientOptions {
  /** Defaults to the SDK's own lookup (AWS_REGION, profile), which is what configure-aws-credentials sets. */
  region?: string;
  /** Attempts in all, the first included. Throttling, transient and 5xx errors are retried; others fail at once. */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1-based), in milliseconds. */
  backoffMs?: (attempt: number) => number;
  /** Only for tests that point the SDK at a local server. */
  endpoint?: string;
  credentials?: CloudFormationClientConfig['credentials'];
}

export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Exponential backoff with full jitter, capped at 20 s. CloudFormation's Describe* quotas are low and shared
 * with everything else in the account (Copilot itself polls them during a deploy), so a CI step must ride out
 * throttling rather than fail on it.
 */
export function jitteredBackoff(attempt: number): number {
  return Math.floor(Math.random() * Math.min(20_000, 500 * 2 ** attempt));
}

export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const { region, endpoint, credentials } = options;
  const config = {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    retryStrategy: new ConfiguredRetryStrategy(
      options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      options.backoffMs ?? jitteredBackoff,
    ),
  };
  return { cloudFormation: new CloudFormationClient(config), stepFunctions: new SFNClient(config) };
}
