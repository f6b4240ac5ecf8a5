import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readRepoFile, repoRoot } from './repo-files.js';

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: { Federated?: string };
  Condition?: Record<string, Record<string, string | string[]>>;
}
interface Policy {
  Version: string;
  Statement: Statement[];
}

const readPolicy = (name: string) => JSON.parse(readRepoFile(`ops/iam/${name}`)) as Policy;
const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
const trust = () => readPolicy('github-oidc-trust-policy.json');
const permissions = () => readPolicy('deploy-permissions-policy.json');

/** IAM action matching: `service:Action` against a pattern that may end in `*`. */
const allows = (policy: Policy, action: string) =>
  policy.Statement.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      list(statement.Action).some((pattern) =>
        pattern.endsWith('*') ? action.startsWith(pattern.slice(0, -1)) : pattern === action,
      ),
  );

describe('IAM policies for the deploy role', () => {
  it.each(['github-oidc-trust-policy.json', 'deploy-permissions-policy.json'])(
    '%s is a policy document with Allow statements and no wildcard action',
    (name) => {
      const policy = readPolicy(name);
      expect(policy.Version).toBe('2012-10-17');
      expect(policy.Statement.length).toBeGreaterThan(0);
      for (const statement of policy.Statement) {
        expect(statement.Effect).toBe('Allow');
        for (const action of list(statement.Action)) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      }
      const sids = policy.Statement.map((statement) => statement.Sid);
      expect(new Set(sids).size).toBe(sids.length);
    },
  );

  it('trusts only GitHub OIDC tokens for the production environment of <OWNER>/<REPO>, audience STS', () => {
    const [statement, ...others] = trust().Statement;
    expect(others).toEqual([]);
    expect(statement?.Principal).toEqual({
      Federated: 'arn:aws:iam::<ACCOUNT_ID>:oidc-provider/token.actions.githubusercontent.com',
    });
    expect(statement?.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(Object.keys(statement?.Condition ?? {})).toEqual(['StringEquals']);
    const conditions = statement?.Condition?.StringEquals ?? {};
    expect(conditions['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com');
    const subjects = list(conditions['token.actions.githubusercontent.com:sub']);
    expect(subjects.length).toBeGreaterThan(0);
    for (const subject of subjects) {
      expect(subject).toMatch(/^repo:<OWNER>(@<OWNER_ID>)?\/<REPO>(@<REPO_ID>)?:environment:production$/);
    }
  });

  it('scopes every resource to the app, except the few calls IAM cannot scope', () => {
    const unscopable = new Set([
      'ecr:GetAuthorizationToken',
      'cloudformation:ListStacks',
      'cloudformation:DescribeStacks',
    ]);
    for (const statement of permissions().Statement) {
      const resources = list(statement.Resource);
      expect(resources.length).toBeGreaterThan(0);
      if (resources.includes('*')) {
        for (const action of list(statement.Action))
          expect([statement.Sid, action, unscopable.has(action)]).toEqual([statement.Sid, action, true]);
        continue;
      }
      for (const resource of resources) expect(resource).toMatch(/iac-experiment/);
    }
  });

  it("allows what Copilot's deploy needs from the caller (app metadata, ECR push, the env manager role)", () => {
    for (const action of [
      'ssm:GetParameter',
      'ssm:GetParametersByPath',
      'cloudformation:DescribeStacks',
      'cloudformation:ListStackInstances',
      'sts:AssumeRole',
      'ecr:GetAuthorizationToken',
      'ecr:PutImage',
      'ecr:UploadLayerPart',
    ]) {
      expect([action, allows(permissions(), action)]).toEqual([action, true]);
    }
    const assumeRole = permissions().Statement.find((statement) =>
      list(statement.Action).includes('sts:AssumeRole'),
    );
    expect(assumeRole?.Resource).toBe(
      'arn:aws:iam::<ACCOUNT_ID>:role/iac-experiment-production-EnvManagerRole',
    );
  });

  it('allows every AWS call the ops CLI makes', () => {
    const cliDir = path.join(repoRoot, 'ops/src/cli');
    const sources = readdirSync(cliDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.startsWith('testing'))
      .map((file) => readFileSync(path.join(cliDir, file), 'utf8'));
    const calls = new Set<string>();
    for (const source of sources) {
      const service = (pkg: string) => (pkg === 'client-sfn' ? 'states' : 'cloudformation');
      for (const [, names, pkg] of source.matchAll(/import \{([^}]+)\} from '@aws-sdk\/(client-[a-z]+)'/g)) {
        for (const name of (names as string).split(',').map((part) => part.trim())) {
          const operation = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
          if (operation) calls.add(`${service(pkg as string)}:${operation}`);
        }
      }
    }
    expect([...calls].sort()).toEqual([
      'cloudformation:DescribeStackResources',
      'cloudformation:DescribeStacks',
      'cloudformation:ListStackResources',
      'states:DescribeExecution',
      'states:ListExecutions',
      'states:StartExecution',
    ]);
    for (const call of calls) expect([call, allows(permissions(), call)]).toEqual([call, true]);
  });
});
