import { describe, expect, it } from '@jest/globals';
import type { Problem } from './problem.js';
import { REPO_ROOT } from './testing/copilot-copy.js';
import { copilotCopyPerTest } from './testing/copilot-copy-per-test.js';
import { validateInfra } from './validate-infra.js';

const API = 'api/manifest.yml';
const WEB = 'web/manifest.yml';
const MIGRATOR = 'migrator/manifest.yml';
const ENV = 'environments/production/manifest.yml';
const ADDON = 'environments/addons/db.yml';
/** Problems about the merged addon stack as a whole (its outputs, which resources exist) name the folder. */
const ADDONS = 'environments/addons';
const PARAMS = 'environments/addons/addons.parameters.yml';
const WAF = 'environments/addons/waf.yml';
const ALARMS = 'environments/addons/alarms.yml';

const each = copilotCopyPerTest();

/** Asserts the validator reports a problem in `file` whose message matches. */
async function expectRejected(file: string, message: RegExp): Promise<Problem[]> {
  const problems = await each.copy.problems();
  expect(problems).toContainEqual(
    expect.objectContaining({ file: `copilot/${file}`, message: expect.stringMatching(message) }),
  );
  return problems;
}

describe('the repository configuration', () => {
  it('passes every check', async () => {
    const { problems, checkedFiles } = await validateInfra({ repoRoot: REPO_ROOT, spec: each.spec });
    expect(problems).toEqual([]);
    expect(checkedFiles).toEqual(
      expect.arrayContaining([
        'copilot/.workspace',
        `copilot/${API}`,
        `copilot/${WEB}`,
        `copilot/${MIGRATOR}`,
        `copilot/${ADDON}`,
      ]),
    );
  });

  it('is unchanged in the copy the mutation tests start from', async () => {
    expect(await each.copy.problems()).toEqual([]);
  });
});

describe('strict manifest schema', () => {
  it('rejects a misspelled key', async () => {
    await each.copy.replace(API, '  healthcheck:', '  healthchek:');
    const problems = await expectRejected(API, /unknown key 'healthchek'/);
    expect(problems.find((problem) => problem.message.includes('healthchek'))?.at).toBe('http.healthchek');
  });

  it('rejects a key at the wrong level', async () => {
    await each.copy.editYaml(WEB, (document) => {
      document.deleteIn(['http', 'deregistration_delay']);
      document.set('deregistration_delay', '15s');
    });
    await expectRejected(WEB, /unknown key 'deregistration_delay'/);
  });

  it('rejects unknown keys in the environment manifest, the job and .workspace', async () => {
    await each.copy.replace(ENV, 'container_insights:', 'containerInsights:');
    await each.copy.replace(MIGRATOR, 'timeout: 15m', 'timeout: 15m\nretry: 1');
    await each.copy.write('.workspace', 'application: iac-experiment\napp: x\n');
    await expectRejected(ENV, /unknown key 'containerInsights'/);
    await expectRejected(MIGRATOR, /unknown key 'retry'/);
    await expectRejected('.workspace', /unknown key 'app'/);
  });

  it('rejects a duration without a unit and an invalid enum value', async () => {
    await each.copy.replace(API, 'interval: 10s', 'interval: 10');
    await each.copy.replace(WEB, 'placement: public', 'placement: pubic');
    await expectRejected(API, /must be a duration with a unit/);
    await expectRejected(WEB, /must be "public" or "private"/);
  });

  it('rejects an unknown workload type', async () => {
    await each.copy.replace(WEB, 'type: Load Balanced Web Service', 'type: Backend Service');
    await expectRejected(WEB, /must be one of Load Balanced Web Service, Scheduled Job/);
  });

  it('rejects secrets that are not imported from CloudFormation', async () => {
    await each.copy.editYaml(API, (document) =>
      document.setIn(['secrets', 'DB_SECRET'], '/copilot/db-secret'),
    );
    await expectRejected(API, /must be object/);
  });
});

describe('variable interpolation', () => {
  it('allows only COPILOT_APPLICATION_NAME and COPILOT_ENVIRONMENT_NAME', async () => {
    await each.copy.replace(
      API,
      '${COPILOT_ENVIRONMENT_NAME}-dbSecurityGroup',
      '${DEPLOY_ENV}-dbSecurityGroup',
    );
    await expectRejected(API, /'\$\{DEPLOY_ENV\}' depends on the deploying shell's environment/);
  });

  it('rejects references Copilot would leave as literal text', async () => {
    await each.copy.editYaml(WEB, (document) =>
      document.setIn(['variables', 'LOG_LEVEL'], '${ COPILOT_ENVIRONMENT_NAME }'),
    );
    await expectRejected(WEB, /is not a variable reference Copilot understands/);
  });
});

describe('cross-checks', () => {
  it('rejects a from_cfn name that no environment addon exports', async () => {
    await each.copy.replace(MIGRATOR, '-dbAuroraSecret', '-dbSecret');
    await expectRejected(
      MIGRATOR,
      /imports 'iac-experiment-production-dbSecret', which no environment addon exports/,
    );
  });

  it('rejects imports once the addon stops exporting them', async () => {
    await each.copy.replace(
      ADDON,
      'Name: !Sub "${App}-${Env}-dbSecurityGroup"',
      'Name: !Sub "${App}-${Env}-dbClients"',
    );
    await expectRejected(API, /imports 'iac-experiment-production-dbSecurityGroup'/);
    await expectRejected(MIGRATOR, /imports 'iac-experiment-production-dbSecurityGroup'/);
  });

  it("rejects an api health check outside the api's path prefix (Copilot's default '/')", async () => {
    await each.copy.replace(API, 'path: /api/health', 'path: /health');
    await expectRejected(API, /Copilot does not strip '\/api'/);
  });

  it('rejects a health check timeout that is not shorter than the interval', async () => {
    await each.copy.replace(WEB, 'timeout: 5s', 'timeout: 10s');
    await expectRejected(WEB, /timeout to be shorter than the interval/);
  });

  it('rejects a deregistration delay shorter than the apps need to drain', async () => {
    await each.copy.replace(API, 'deregistration_delay: 15s', 'deregistration_delay: 2s');
    await expectRejected(API, /must be 10s–60s/);
  });

  it('rejects a Dockerfile path that does not exist', async () => {
    await each.copy.replace(WEB, 'dockerfile: web/Dockerfile', 'dockerfile: web/Dockerfile.prod');
    await expectRejected(WEB, /web\/Dockerfile.prod does not exist/);
  });

  it("rejects an image port the workload's Dockerfile does not expose", async () => {
    await each.copy.replace(API, 'port: 3000', 'port: 8080');
    await expectRejected(API, /does not EXPOSE 8080/);
  });

  it("rejects web's API_URL on another port or host than api's Service Connect endpoint", async () => {
    await each.copy.replace(WEB, 'API_URL: http://api:3000', 'API_URL: http://api:3001');
    await expectRejected(WEB, /api listens on 3000 \(its image.port\), not 3001/);
    await each.copy.replace(WEB, 'API_URL: http://api:3001', 'API_URL: http://backend:3000');
    await expectRejected(WEB, /'backend' is not a service of this application/);
  });

  it('rejects Service Connect turned off on either side', async () => {
    await each.copy.replace(API, 'connect: true', 'connect: false');
    await expectRejected(API, /must be true/);
    await expectRejected(WEB, /only if both services set network.connect: true/);
  });

  it('rejects a job schedule other than exactly "none"', async () => {
    await each.copy.replace(MIGRATOR, 'schedule: "none"', 'schedule: "None"');
    await expectRejected(MIGRATOR, /must be "none"/);
  });

  it('rejects retries on the migration job', async () => {
    await each.copy.replace(MIGRATOR, 'retries: 0', 'retries: 2');
    await expectRejected(MIGRATOR, /must be 0/);
  });

  it('rejects an invalid Fargate cpu/memory pair', async () => {
    await each.copy.replace(WEB, 'memory: 512', 'memory: 4096');
    await expectRejected(WEB, /cpu 256 with memory 4096 is not a valid Fargate task size/);
  });

  it("rejects a job command that is not the migrator's build output", async () => {
    await each.copy.replace(
      MIGRATOR,
      'command: ["node", "dist/main.js"]',
      'command: ["node", "dist/migrate.js"]',
    );
    await expectRejected(MIGRATOR, /must run the workload's start script/);
  });

  it('rejects a workload whose name differs from its directory', async () => {
    await each.copy.replace(WEB, 'name: web', 'name: frontend');
    await expectRejected(WEB, /must equal its directory name 'web'/);
  });
});

describe('database reachability', () => {
  it('rejects web attaching the database security group', async () => {
    await each.copy.editYaml(WEB, (document) =>
      document.setIn(
        ['network', 'vpc', 'security_groups'],
        [{ from_cfn: '${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-dbSecurityGroup' }],
      ),
    );
    await expectRejected(WEB, /only api and migrator may reach the database/);
  });

  it('rejects web receiving the database secret', async () => {
    await each.copy.editYaml(WEB, (document) =>
      document.setIn(
        ['secrets', 'DB_SECRET', 'from_cfn'],
        '${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-dbAuroraSecret',
      ),
    );
    await expectRejected(WEB, /only api and migrator may reach the database/);
  });

  it("rejects the api getting the master user's secret, under any name", async () => {
    await each.copy.replace(API, '-dbApiSecret', '-dbAuroraSecret');
    await expectRejected(API, /must be from_cfn \$\{App\}-\$\{Env\}-dbApiSecret/);
    await expectRejected(API, /api may get only DB_SECRET \(\$\{App\}-\$\{Env\}-dbApiSecret\)/);

    await each.copy.replace(API, '-dbAuroraSecret', '-dbApiSecret');
    expect(await each.copy.problems()).toEqual([]);
    await each.copy.editYaml(API, (document) =>
      document.setIn(
        ['secrets', 'MASTER_SECRET', 'from_cfn'],
        '${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-dbAuroraSecret',
      ),
    );
    await expectRejected(API, /api may get only DB_SECRET/);
  });

  it("rejects the migrator without the api role's secret (it could not maintain the role)", async () => {
    await each.copy.editYaml(MIGRATOR, (document) => document.deleteIn(['secrets', 'API_DB_SECRET']));
    await expectRejected(MIGRATOR, /must be from_cfn \$\{App\}-\$\{Env\}-dbApiSecret/);
  });

  it('rejects the migrator without the database security group', async () => {
    await each.copy.editYaml(MIGRATOR, (document) =>
      document.deleteIn(['network', 'vpc', 'security_groups']),
    );
    await expectRejected(MIGRATOR, /must attach the database workload security group/);
  });

  it('rejects a database connection without certificate verification', async () => {
    await each.copy.replace(API, 'DATABASE_SSL: verify', 'DATABASE_SSL: require');
    await expectRejected(API, /must be 'verify'/);
  });
});

describe('plaintext secrets in copilot/', () => {
  it('rejects a password in a manifest variable', async () => {
    await each.copy.editYaml(API, (document) =>
      document.setIn(['variables', 'DB_PASSWORD'], 'hunter2hunter2'),
    );
    await expectRejected(API, /'DB_PASSWORD' has a literal value/);
  });

  it('rejects a connection URL with credentials, even in a comment', async () => {
    await each.copy.replace(
      WEB,
      'LOG_LEVEL: info',
      'LOG_LEVEL: info # was postgres://app:s3cret@db.internal:5432/app',
    );
    await expectRejected(WEB, /a URL with a password in it/);
  });

  it('rejects an AWS access key anywhere', async () => {
    await each.copy.write('environments/notes.txt', 'deploy key AKIAIOSFODNN7EXAMPLE\n');
    await expectRejected('environments/notes.txt', /an AWS access key ID/);
  });

  it('rejects a literal master password in the addon', async () => {
    await each.copy.replace(
      ADDON,
      /MasterUserPassword:\n.*\n/,
      "MasterUserPassword: 'correct-horse-battery'\n",
    );
    await expectRejected(ADDON, /'MasterUserPassword' has a literal value/);
    await expectRejected(ADDON, /must be a \{\{resolve:secretsmanager:…\}\} reference to dbAuroraSecret/);
  });
});

describe("the api role's secret in the addon", () => {
  it('must be exported', async () => {
    await each.copy.replace(
      ADDON,
      'Name: !Sub "${App}-${Env}-dbApiSecret"',
      'Name: !Sub "${App}-${Env}-dbApi"',
    );
    await expectRejected(ADDONS, /must export \$\{App\}-\$\{Env\}-dbApiSecret as a Ref/);
  });

  it("must not be the master user's secret, nor name the master user", async () => {
    await each.copy.replace(
      ADDON,
      /(dbApiSecret:\n\s+Description: .*\n\s+)Value: !Ref dbApiSecret/,
      '$1Value: !Ref dbAuroraSecret',
    );
    await expectRejected(ADDONS, /must be a secret of its own, not the master user's dbAuroraSecret/);
  });

  it('must name a user other than the master user', async () => {
    await each.copy.replace(ADDON, '{"username": "${dbDBName}_api"', '{"username": "postgres"');
    await expectRejected(ADDON, /must name a user other than the master user of dbAuroraSecret/);
  });

  it("must get the cluster's host and port", async () => {
    await each.copy.replace(ADDON, 'SecretId: !Ref dbApiSecret', 'SecretId: !Ref dbAuroraSecret');
    await expectRejected(ADDONS, /no SecretTargetAttachment adds the cluster's host and port to dbApiSecret/);
  });
});

describe('addon CloudFormation against the AWS resource specification', () => {
  it('rejects an unknown resource type', async () => {
    await each.copy.replace(ADDON, 'Type: AWS::RDS::DBCluster\n', 'Type: AWS::RDS::DBClustr\n');
    await expectRejected(ADDON, /unknown resource type AWS::RDS::DBClustr/);
  });

  it('rejects a misspelled property', async () => {
    await each.copy.replace(ADDON, 'StorageEncrypted: true', 'StorageEncryption: true');
    await expectRejected(ADDON, /AWS::RDS::DBCluster has no property 'StorageEncryption'/);
  });

  it('rejects a misspelled nested property (through the property type)', async () => {
    await each.copy.replace(ADDON, 'MinCapacity: 0.5', 'MinimumCapacity: 0.5');
    await expectRejected(ADDON, /ServerlessV2ScalingConfiguration has no property 'MinimumCapacity'/);
  });

  it('rejects a missing required property', async () => {
    await each.copy.replace(ADDON, /\n\s+Family: aurora-postgresql17/, '');
    await expectRejected(ADDON, /AWS::RDS::DBClusterParameterGroup requires property 'Family'/);
  });

  it('rejects a value of the wrong type', async () => {
    await each.copy.replace(ADDON, 'BackupRetentionPeriod: 7', 'BackupRetentionPeriod: a week');
    await expectRejected(ADDON, /expected a number, got string "a week"/);
  });

  it('rejects a GetAtt attribute the type does not have', async () => {
    await each.copy.replace(
      ADDON,
      'SourceSecurityGroupId: !GetAtt dbWorkloadSecurityGroup.GroupId',
      'SourceSecurityGroupId: !GetAtt dbWorkloadSecurityGroup.Arn',
    );
    await expectRejected(ADDON, /AWS::EC2::SecurityGroup has no attribute 'Arn'/);
  });

  it('rejects a Ref, GetAtt or Sub to something that does not exist', async () => {
    await each.copy.replace(
      ADDON,
      'DBSubnetGroupName: !Ref dbDBSubnetGroup',
      'DBSubnetGroupName: !Ref dbSubnetGroup',
    );
    await each.copy.replace(
      ADDON,
      'Value: !Sub "copilot-${App}-${Env}-db"',
      'Value: !Sub "copilot-${App}-${Environment}-db"',
    );
    await each.copy.replace(
      ADDON,
      'GroupId: !GetAtt dbDBClusterSecurityGroup.GroupId',
      'GroupId: !GetAtt dbClusterSG.GroupId',
    );
    await expectRejected(ADDON, /Ref to unknown resource or parameter 'dbSubnetGroup'/);
    await expectRejected(
      ADDON,
      /Fn::Sub variable \$\{Environment\} is not a parameter, resource or pseudo parameter/,
    );
    await expectRejected(ADDON, /GetAtt of unknown resource 'dbClusterSG'/);
  });

  it('rejects DeletionPolicy Snapshot on a type that cannot snapshot', async () => {
    await each.copy.replace(ADDON, 'DeletionPolicy: Retain', 'DeletionPolicy: Snapshot');
    await expectRejected(ADDON, /AWS::SecretsManager::Secret does not support Snapshot/);
  });
});

describe("Copilot's environment addon rules", () => {
  it('rejects a parameter without a Default that addons.parameters.yml does not set', async () => {
    await each.copy.replace(PARAMS, /\n\s+PrivateSubnets: .*/, '');
    await expectRejected(PARAMS, /parameter 'PrivateSubnets' has no Default and is not set here/);
  });

  it('rejects setting a reserved parameter', async () => {
    await each.copy.replace(PARAMS, 'Parameters:\n', 'Parameters:\n  Env: staging\n');
    await expectRejected(PARAMS, /'Env' is reserved/);
  });

  it('rejects a value for a parameter the template does not declare', async () => {
    await each.copy.replace(PARAMS, 'Parameters:\n', 'Parameters:\n  Subnets: !Ref PrivateSubnet1\n');
    await expectRejected(PARAMS, /does not declare the parameter 'Subnets'/);
  });

  it('rejects a reference to the public ALB outside !If [CreateALB, …] (it exists only once a service has an ALB)', async () => {
    await each.copy.replace(
      PARAMS,
      '!If [CreateALB, !Ref PublicLoadBalancer, ""]',
      '!Ref PublicLoadBalancer',
    );
    await expectRejected(
      PARAMS,
      /'PublicLoadBalancer' exists only under the environment stack's condition 'CreateALB'/,
    );
  });

  it('rejects an !If on a condition the environment stack does not have', async () => {
    await each.copy.replace(PARAMS, '!If [CreateALB,', '!If [HasALB,');
    const problems = await expectRejected(
      PARAMS,
      /'HasALB' is not a condition of Copilot's environment stack/,
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/'PublicLoadBalancer' exists only under/) }),
    );
  });

  it('checks a second addon file strictly too, and says which file has the problem', async () => {
    await each.copy.replace(WAF, 'AggregateKeyType: IP', 'AggregateKeyType: CLIENT');
    await expectRejected(WAF, /must be one of CONSTANT, IP, FORWARDED_IP, CUSTOM_KEYS/);
  });

  it('rejects an alarm that notifies nobody (its topic missing from the merged addons)', async () => {
    await each.copy.replace(ALARMS, /\n {2}alarmsTopic:\n(.*\n){5}/, '\n');
    await expectRejected(ADDON, /alarmsTopic/);
  });

  it("rejects a reference to a logical ID the environment stack doesn't have", async () => {
    await each.copy.replace(PARAMS, '!Ref PrivateSubnet2', '!Ref PrivateSubnet3');
    await expectRejected(PARAMS, /'PrivateSubnet3' is not a logical ID of Copilot's environment stack/);
  });

  it('rejects a template without the App parameter', async () => {
    await each.copy.replace(ADDON, /\n {2}App:\n.*\n.*/, '');
    await each.copy.replace(WAF, /\n {2}App:\n.*\n.*/, '');
    await each.copy.replace(ALARMS, /\n {2}App:\n.*\n.*/, '');
    await expectRejected('environments/addons', /must declare the parameter 'App'/);
  });

  it('rejects a section Copilot drops when merging addons', async () => {
    await each.copy.replace(ADDON, 'Parameters:\n', 'Description: Aurora\nParameters:\n');
    await expectRejected(ADDON, /Copilot drops the 'Description' section/);
  });

  it('rejects the same logical ID defined differently in two addon files', async () => {
    await each.copy.write(
      'environments/addons/extra.yml',
      'Parameters:\n  App:\n    Type: Number\nResources: {}\n',
    );
    await expectRejected(
      'environments/addons/extra.yml',
      /also defined differently in copilot\/environments\/addons\/db.yml/,
    );
  });
});

describe('database security', () => {
  it('rejects a publicly accessible instance', async () => {
    await each.copy.replace(ADDON, 'PubliclyAccessible: false', 'PubliclyAccessible: true');
    await expectRejected(ADDON, /must be explicitly false: the database is never publicly accessible/);
  });

  it('rejects unencrypted storage', async () => {
    await each.copy.replace(ADDON, 'StorageEncrypted: true', 'StorageEncrypted: false');
    await expectRejected(ADDON, /storage must be encrypted/);
  });

  it('rejects a second ingress rule on the database security group', async () => {
    await each.copy.replace(
      ADDON,
      '      SecurityGroupEgress:\n',
      '      SecurityGroupIngress:\n        - CidrIp: 10.0.0.0/16\n          IpProtocol: tcp\n          FromPort: 5432\n          ToPort: 5432\n      SecurityGroupEgress:\n',
    );
    await expectRejected(ADDON, /exactly one ingress rule, found 2/);
  });

  it('rejects database ingress from the environment security group (which web uses)', async () => {
    await each.copy.replace(
      ADDON,
      'SourceSecurityGroupId: !GetAtt dbWorkloadSecurityGroup.GroupId',
      "SourceSecurityGroupId: !ImportValue { 'Fn::Sub': '${App}-${Env}-EnvironmentSecurityGroup' }",
    );
    await expectRejected(
      ADDON,
      /the only ingress allowed is tcp 5432 from the workload security group dbWorkloadSecurityGroup/,
    );
  });

  it('rejects ingress on another port', async () => {
    await each.copy.replace(ADDON, 'ToPort: 5432', 'ToPort: 5433');
    await expectRejected(ADDON, /the only ingress allowed is tcp 5432/);
  });

  it('rejects subnets that are not the private ones', async () => {
    await each.copy.replace(
      PARAMS,
      '[!Ref PrivateSubnet1, !Ref PrivateSubnet2]',
      '[!Ref PublicSubnet1, !Ref PublicSubnet2]',
    );
    await expectRejected(ADDON, /must come only from the environment's private subnets/);
  });

  it('rejects losing the final snapshot, deletion protection or backups', async () => {
    await each.copy.replace(ADDON, 'DeletionPolicy: Snapshot', 'DeletionPolicy: Delete');
    await each.copy.replace(ADDON, 'DeletionProtection: true', 'DeletionProtection: false');
    await each.copy.replace(ADDON, 'BackupRetentionPeriod: 7', 'BackupRetentionPeriod: 0');
    await expectRejected(ADDON, /must be Snapshot/);
    await expectRejected(ADDON, /deletion protection must be on/);
    await expectRejected(ADDON, /automated backups must be retained/);
  });

  it('rejects another engine major or a parameter group family that does not match it', async () => {
    await each.copy.replace(ADDON, 'EngineVersion: "17.7"', 'EngineVersion: "16.4"');
    await expectRejected(ADDON, /must be a pinned 17.x version/);
    await each.copy.replace(ADDON, 'EngineVersion: "16.4"', 'EngineVersion: "17.7"');
    await each.copy.replace(ADDON, 'Family: aurora-postgresql17', 'Family: aurora-postgresql16');
    await expectRejected(ADDON, /needs a parameter group of family aurora-postgresql17/);
  });

  it("rejects a secret without the tags Copilot's execution role requires", async () => {
    await each.copy.replace(ADDON, /\n\s+- Key: copilot-environment\n\s+Value: !Ref Env/, '');
    await expectRejected(ADDON, /needs tag copilot-environment: !Ref Env/);
  });

  it('rejects an ACU range Aurora Serverless v2 does not accept', async () => {
    await each.copy.replace(ADDON, 'MaxCapacity: 4', 'MaxCapacity: 0.25');
    await expectRejected(ADDON, /0.5 ≤ MinCapacity ≤ MaxCapacity ≤ 128/);
  });
});

describe('Lambda runtime overrides', () => {
  // Whether a patched path exists and whether a function is left on an old runtime: the real render decides
  // (ops/test/copilot/render.e2e-spec.ts).
  it('rejects a runtime other than the chosen one, and malformed operations', async () => {
    await each.copy.replace('api/overrides/cfn.patches.yml', /value: nodejs24.x/, 'value: nodejs20.x');
    await expectRejected('api/overrides/cfn.patches.yml', /runtime must be nodejs24.x, got "nodejs20.x"/);
    await each.copy.replace('web/overrides/cfn.patches.yml', '- op: replace', '- op: replce');
    await expectRejected('web/overrides/cfn.patches.yml', /not a valid YAML patch/);
  });
});
