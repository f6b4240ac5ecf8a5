import { asIntrinsic } from '../infra/cfn-yaml.js';
import {
  type CfnResource,
  createdResources,
  type RenderedStack,
  resourcesOfType,
} from './rendered-stacks.js';

/** Facts read off the rendered stacks: what the summary prints and the render test asserts. */

export interface LambdaFact {
  stack: string;
  logicalId: string;
  runtime: string;
  created: boolean;
}

export interface ListenerRuleFact {
  stack: string;
  logicalId: string;
  pathPatterns: string[];
  targetGroup: string;
  healthCheckPath: string;
}

export interface IngressFact {
  stack: string;
  /** The security group the rule admits traffic into. */
  into: string;
  /** `sg:<logical id>`, `sg-import:<export>`, or a CIDR. */
  from: string;
  protocol: string;
  ports: string;
}

/** Logical ID a `Ref` or `Fn::GetAtt` points at, or undefined. */
export function referencedId(value: unknown): string | undefined {
  const intrinsic = asIntrinsic(value);
  if (!intrinsic) return undefined;
  if (intrinsic.name === 'Ref' && typeof intrinsic.args === 'string') return intrinsic.args;
  if (intrinsic.name === 'Fn::GetAtt' && Array.isArray(intrinsic.args)) return String(intrinsic.args[0]);
  return undefined;
}

const show = (value: unknown): string => {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  const id = referencedId(value);
  if (id) return `sg:${id}`;
  const intrinsic = asIntrinsic(value);
  if (intrinsic?.name === 'Fn::ImportValue') return `import:${JSON.stringify(intrinsic.args)}`;
  return JSON.stringify(value);
};

export function lambdaFunctions(stacks: RenderedStack[]): LambdaFact[] {
  return stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources ?? {})
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .map(([logicalId, resource]) => ({
        stack: stack.name,
        logicalId,
        runtime: String(resource.Properties?.Runtime ?? '(none)'),
        created: !stack.notCreated.includes(logicalId),
      })),
  );
}

export function listenerRules(stacks: RenderedStack[]): ListenerRuleFact[] {
  return stacks.flatMap((stack) =>
    resourcesOfType(stack, 'AWS::ElasticLoadBalancingV2::ListenerRule').map(([logicalId, rule]) => {
      const conditions = (rule.Properties?.Conditions as Array<Record<string, unknown>> | undefined) ?? [];
      const pathPatterns = conditions
        .filter((condition) => condition.Field === 'path-pattern')
        .flatMap((condition) => {
          const config = condition.PathPatternConfig as { Values?: unknown[] } | undefined;
          return (config?.Values ?? (condition.Values as unknown[]) ?? []).map(show);
        });
      const actions = (rule.Properties?.Actions as Array<Record<string, unknown>> | undefined) ?? [];
      const targetGroup =
        referencedId(actions.find((action) => action.Type === 'forward')?.TargetGroupArn) ?? '';
      const group = stack.template.Resources[targetGroup] as CfnResource | undefined;
      return {
        stack: stack.name,
        logicalId,
        pathPatterns,
        targetGroup,
        healthCheckPath: show(group?.Properties?.HealthCheckPath ?? '(default /)'),
      };
    }),
  );
}

/** Every ingress rule into the security groups of the database cluster(s) in these stacks. */
export function databaseIngress(stacks: RenderedStack[]): IngressFact[] {
  return stacks.flatMap((stack) => {
    const clusters = resourcesOfType(stack, 'AWS::RDS::DBCluster');
    const groups = new Set(
      clusters.flatMap(([, cluster]) =>
        ((cluster.Properties?.VpcSecurityGroupIds as unknown[]) ?? []).map(
          (id) => referencedId(id) ?? show(id),
        ),
      ),
    );
    const facts: IngressFact[] = [];
    const fact = (into: string, rule: Record<string, unknown>) =>
      facts.push({
        stack: stack.name,
        into,
        from: rule.SourceSecurityGroupId
          ? show(rule.SourceSecurityGroupId)
          : String(rule.CidrIp ?? rule.CidrIpv6 ?? rule.SourcePrefixListId ?? '?'),
        protocol: String(rule.IpProtocol),
        ports: rule.FromPort === rule.ToPort ? String(rule.FromPort) : `${rule.FromPort}-${rule.ToPort}`,
      });
    for (const [id, resource] of createdResources(stack)) {
      if (resource.Type === 'AWS::EC2::SecurityGroup' && groups.has(id)) {
        for (const rule of (resource.Properties?.SecurityGroupIngress as Array<Record<string, unknown>>) ??
          [])
          fact(id, rule);
      }
      if (resource.Type === 'AWS::EC2::SecurityGroupIngress') {
        const into = referencedId(resource.Properties?.GroupId) ?? show(resource.Properties?.GroupId);
        if (groups.has(into)) fact(into, resource.Properties ?? {});
      }
    }
    return facts;
  });
}
