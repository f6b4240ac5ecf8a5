import { managerRoleArn, type RenderFixture, ssmParameters, stackNames } from './fixture.js';

/** One AWS API call as the stand-in saw it. */
export interface AwsCall {
  host: string;
  /** `ssm:GetParameter`, `sts:AssumeRole`, `cloudformation:DescribeStacks`, … */
  operation: string;
  params: Record<string, string>;
}

export interface AwsAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Thrown for any call the stand-in does not know: the render must fail and name it. */
export class UnknownAwsCall extends Error {}

const xmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const members = (items: string[]) => items.map((item) => `<member>${item}</member>`).join('');
const query = (operation: string, namespace: string, result: string): AwsAnswer => ({
  status: 200,
  contentType: 'text/xml',
  body: `<${operation}Response xmlns="${namespace}"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></${operation}Response>`,
});
const queryError = (code: string, message: string): AwsAnswer => ({
  status: 400,
  contentType: 'text/xml',
  body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
});
const STS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const CFN = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const cfn = (operation: string, result: string) => query(operation, CFN, result);
const pairs = (kind: 'Parameter' | 'Output', values: Record<string, string>) =>
  members(
    Object.entries(values).map(
      ([key, value]) => `<${kind}Key>${key}</${kind}Key><${kind}Value>${xmlEscape(value)}</${kind}Value>`,
    ),
  );

/**
 * Answers exactly the calls `copilot env|svc|job package` v1.34.1 makes without --upload-assets or --diff
 * (aws/copilot-cli internal/pkg/cli/{env,svc,job}_package.go), for the fixture's application and environment.
 */
export function answerAwsCall(fixture: RenderFixture, call: AwsCall): AwsAnswer {
  const names = stackNames(fixture);
  const { operation, params } = call;
  switch (operation) {
    case 'ssm:GetParameter': {
      const value = ssmParameters(fixture)[params.Name ?? ''];
      if (value === undefined) {
        return {
          status: 400,
          contentType: 'application/x-amz-json-1.1',
          body: JSON.stringify({ __type: 'ParameterNotFound', message: `${params.Name} not found` }),
        };
      }
      return {
        status: 200,
        contentType: 'application/x-amz-json-1.1',
        body: JSON.stringify({ Parameter: { Name: params.Name, Type: 'String', Version: 1, Value: value } }),
      };
    }
    case 'sts:GetCallerIdentity':
      return query(
        'GetCallerIdentity',
        STS,
        `<Arn>arn:aws:iam::${fixture.account}:user/offline-render</Arn><UserId>AIDAOFFLINERENDER</UserId><Account>${fixture.account}</Account>`,
      );
    case 'sts:AssumeRole':
      if (params.RoleArn !== managerRoleArn(fixture))
        throw new UnknownAwsCall(`AssumeRole of ${params.RoleArn}`);
      return query(
        'AssumeRole',
        STS,
        `<AssumedRoleUser><Arn>arn:aws:sts::${fixture.account}:assumed-role/${fixture.app}-${fixture.env}-EnvManagerRole/offline</Arn><AssumedRoleId>AROAOFFLINE:offline</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>ASIAOFFLINERENDER</AccessKeyId><SecretAccessKey>offline</SecretAccessKey><SessionToken>offline</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>`,
      );
    case 'cloudformation:GetTemplateSummary':
      if (params.StackName === names.env) {
        const metadata = JSON.stringify({ Version: fixture.envVersion, Manifest: fixture.envManifest });
        return cfn('GetTemplateSummary', `<Metadata>${xmlEscape(metadata)}</Metadata>`);
      }
      if (fixture.workloads.some((name) => params.StackName === names.workload(name))) {
        return queryError('ValidationError', `Stack with id ${params.StackName} does not exist`);
      }
      throw new UnknownAwsCall(`GetTemplateSummary of ${params.StackName}`);
    case 'cloudformation:DescribeStacks':
      if (params.StackName === names.env) return cfn('DescribeStacks', environmentStack(fixture));
      if (params.StackName === names.stackSetInstance)
        return cfn('DescribeStacks', stackSetInstance(fixture));
      throw new UnknownAwsCall(`DescribeStacks of ${params.StackName}`);
    case 'cloudformation:ListStackInstances':
      if (params.StackSetName !== names.stackSet)
        throw new UnknownAwsCall(`ListStackInstances of ${params.StackSetName}`);
      return cfn(
        'ListStackInstances',
        `<Summaries>${members([
          `<StackSetId>${names.stackSet}:00000000-0000-0000-0000-000000000000</StackSetId><Region>${fixture.region}</Region><Account>${fixture.account}</Account><StackId>${names.stackSetInstance}</StackId><Status>CURRENT</Status><StackInstanceStatus><DetailedStatus>SUCCEEDED</DetailedStatus></StackInstanceStatus>`,
        ])}</Summaries>`,
      );
    default:
      throw new UnknownAwsCall(`${operation} ${JSON.stringify(params)}`);
  }
}

function environmentStack(fixture: RenderFixture): string {
  const names = stackNames(fixture);
  // The parameters the environment stack has after `env deploy` and the api/web/migrator deploys: feature detection
  // reads their presence, env package carries their values over.
  const parameters = {
    AppName: fixture.app,
    EnvironmentName: fixture.env,
    ALBWorkloads: 'api,web',
    InternalALBWorkloads: '',
    EFSWorkloads: '',
    NATWorkloads: '',
    Aliases: '',
    AppRunnerPrivateWorkloads: '',
    ServiceDiscoveryEndpoint: `${fixture.env}.${fixture.app}.local`,
    CreateHTTPSListener: 'false',
    CreateInternalHTTPSListener: 'false',
  };
  return `<Stacks>${members([
    `<StackName>${names.env}</StackName><StackId>arn:aws:cloudformation:${fixture.region}:${fixture.account}:stack/${names.env}/00000000-0000-0000-0000-000000000000</StackId><StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Parameters>${pairs('Parameter', parameters)}</Parameters><Outputs>${pairs('Output', { LastForceDeployID: '' })}</Outputs>`,
  ])}</Stacks>`;
}

function stackSetInstance(fixture: RenderFixture): string {
  const names = stackNames(fixture);
  const outputs: Record<string, string> = {
    KMSKeyARN: `arn:aws:kms:${fixture.region}:${fixture.account}:key/00000000-0000-0000-0000-000000000000`,
    PipelineBucket: `stackset-${fixture.app}-infr-pipelinebuiltartifactbuc-offline`,
  };
  for (const name of fixture.workloads) {
    outputs[`ECRRepo${name.replace(/-/g, 'DASH')}`] =
      `arn:aws:ecr:${fixture.region}:${fixture.account}:repository/${fixture.app}/${name}`;
  }
  return `<Stacks>${members([
    `<StackName>StackSet-${fixture.app}-infrastructure-offline</StackName><StackId>${names.stackSetInstance}</StackId><StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Outputs>${pairs('Output', outputs)}</Outputs>`,
  ])}</Stacks>`;
}
