/**
 * The one application and environment the stand-in AWS answers for: what `copilot app init` and `copilot env deploy`
 * would have left in SSM and CloudFormation (aws/copilot-cli internal/pkg/config/store.go, stack/name.go).
 * Account, IDs and ARNs are placeholders; they end up in the rendered parameters, never in AWS.
 */
export interface RenderFixture {
  app: string;
  env: string;
  region: string;
  account: string;
  /** The env stack's Metadata.Version: the version `env deploy` with the pinned binary writes. */
  envVersion: string;
  /** The environment manifest as the env stack's Metadata.Manifest carries it (svc package reads it there). */
  envManifest: string;
  workloads: string[];
}

export const FIXTURE_ACCOUNT = '123456789012';
export const FIXTURE_REGION = 'us-east-1';

export const stackNames = (fixture: RenderFixture) => ({
  env: `${fixture.app}-${fixture.env}`,
  stackSet: `${fixture.app}-infrastructure`,
  stackSetInstance: `arn:aws:cloudformation:${fixture.region}:${fixture.account}:stack/StackSet-${fixture.app}-infrastructure-offline/00000000-0000-0000-0000-000000000001`,
  workload: (name: string) => `${fixture.app}-${fixture.env}-${name}`,
});

export const managerRoleArn = (fixture: RenderFixture) =>
  `arn:aws:iam::${fixture.account}:role/${fixture.app}-${fixture.env}-EnvManagerRole`;

export const ssmParameters = (fixture: RenderFixture): Record<string, string> => ({
  [`/copilot/applications/${fixture.app}`]: JSON.stringify({
    name: fixture.app,
    account: fixture.account,
    domain: '',
    domainHostedZoneID: '',
    version: 'v1.2.0',
    tags: {},
  }),
  [`/copilot/applications/${fixture.app}/environments/${fixture.env}`]: JSON.stringify({
    app: fixture.app,
    name: fixture.env,
    region: fixture.region,
    accountID: fixture.account,
    registryURL: '',
    executionRoleARN: `arn:aws:iam::${fixture.account}:role/${fixture.app}-${fixture.env}-CFNExecutionRole`,
    managerRoleARN: managerRoleArn(fixture),
  }),
});
