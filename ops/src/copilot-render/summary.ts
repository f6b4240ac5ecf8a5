import { alarmFacts, deploymentAlarms } from './alarm-facts.js';
import { databaseIngress, lambdaFunctions, listenerRules } from './facts.js';
import { createdResources, type RenderedStack } from './rendered-stacks.js';

const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

/** The short Markdown summary `yarn copilot:package` writes next to the templates. */
export function formatSummary(stacks: RenderedStack[], version: string): string {
  const total = (pick: (stack: RenderedStack) => number) =>
    stacks.reduce((sum, stack) => sum + pick(stack), 0);
  const resourceRows = stacks.map((stack) => [
    `\`${stack.name}\``,
    String(Object.keys(stack.template.Resources ?? {}).length),
    String(createdResources(stack).length),
  ]);
  resourceRows.push([
    '**all**',
    String(total((stack) => Object.keys(stack.template.Resources ?? {}).length)),
    `**${total((stack) => createdResources(stack).length)}**`,
  ]);
  return [
    `# Copilot ${version} offline render`,
    '',
    'Resources per stack (created: those whose Condition holds with the rendered parameters):',
    '',
    table(['stack', 'in template', 'created'], resourceRows),
    '',
    'Lambda functions:',
    '',
    table(
      ['stack', 'function', 'runtime', 'created'],
      lambdaFunctions(stacks).map((fact) => [
        fact.stack,
        fact.logicalId,
        fact.runtime,
        fact.created ? 'yes' : 'no (Condition false)',
      ]),
    ),
    '',
    'ALB listener rules and health checks:',
    '',
    table(
      ['stack', 'rule', 'path patterns', 'target group', 'health check path'],
      listenerRules(stacks).map((fact) => [
        fact.stack,
        fact.logicalId,
        fact.pathPatterns.join(', '),
        fact.targetGroup,
        fact.healthCheckPath,
      ]),
    ),
    '',
    'CloudWatch alarms (rollback: the ECS service whose deployments roll back when it fires):',
    '',
    table(
      ['stack', 'alarm', 'metrics', 'dimensions', 'threshold', 'notifies', 'rollback'],
      alarmFacts(stacks).map((fact) => [
        fact.stack,
        fact.name,
        [...fact.metrics, ...(fact.expression ? [`\`${fact.expression}\``] : [])].join(', '),
        fact.dimensions.join(', '),
        String(fact.threshold),
        fact.alarmActions.join(', ') || '(none)',
        deploymentAlarms(stacks)
          .filter((deployment) => deployment.rollback && deployment.alarmNames.includes(fact.name))
          .map((deployment) => `${deployment.stack} ${deployment.service}`)
          .join(', '),
      ]),
    ),
    '',
    'Ingress of the database security group:',
    '',
    table(
      ['stack', 'into', 'from', 'protocol', 'ports'],
      databaseIngress(stacks).map((fact) => [fact.stack, fact.into, fact.from, fact.protocol, fact.ports]),
    ),
    '',
  ].join('\n');
}
