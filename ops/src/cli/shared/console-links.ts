/** Region and partition of an ARN (arn:partition:service:region:account:...). */
export function arnRegion(arn: string): string {
  const region = arn.split(':')[3];
  if (!region) throw new Error(`Not a regional ARN: ${arn}`);
  return region;
}

function consoleHost(region: string): string {
  return region.startsWith('cn-') ? `${region}.console.amazonaws.cn` : `${region}.console.aws.amazon.com`;
}

export function executionConsoleUrl(executionArn: string): string {
  const region = arnRegion(executionArn);
  return `https://${consoleHost(region)}/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

/** The CloudWatch console double-encodes the log group name in its fragment and writes `%` as `$`. */
export function logGroupConsoleUrl(region: string, logGroup: string): string {
  const encoded = encodeURIComponent(encodeURIComponent(logGroup)).replace(/%/g, '$');
  return `https://${consoleHost(region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encoded}`;
}
