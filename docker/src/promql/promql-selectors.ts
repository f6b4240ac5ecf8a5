import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';

/** One `metric{label="value"}` in a query. */
export interface Selector {
  metric: string;
  /** Label names the selector matches on (`{route="/x"}` → `route`). */
  matchers: Map<string, string>;
}

/** One `sum by (a, b) (...)`: the labels it groups by and the metrics it aggregates. */
export interface Grouping {
  labels: string[];
  metrics: string[];
}

export interface ParsedQuery {
  selectors: Selector[];
  groupings: Grouping[];
}

export class PromQLSyntaxError extends Error {
  constructor(expr: string, position: number) {
    super(`PromQL syntax error at ${position}: ${expr.slice(0, position)} >>> ${expr.slice(position)}`);
    this.name = 'PromQLSyntaxError';
  }
}

/** The metric selectors and groupings of a PromQL expression, read with Prometheus's own grammar. */
export function parsePromQL(expr: string): ParsedQuery {
  const tree = parser.parse(expr);
  const errorAt = findError(tree.topNode);
  if (errorAt !== undefined) throw new PromQLSyntaxError(expr, errorAt);
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  const selectors: Selector[] = [];
  const groupings: Grouping[] = [];
  walk(tree.topNode, (node) => {
    if (node.name === 'VectorSelector') {
      const selector = readSelector(node, text);
      if (selector) selectors.push(selector);
    } else if (node.name === 'AggregateExpr') {
      const labels =
        node.getChild('AggregateModifier')?.getChild('GroupingLabels')?.getChildren('LabelName') ?? [];
      const metrics: string[] = [];
      walk(node, (inner) => {
        if (inner.name === 'VectorSelector') {
          const selector = readSelector(inner, text);
          if (selector) metrics.push(selector.metric);
        }
      });
      groupings.push({ labels: labels.map(text), metrics });
    }
  });
  return { selectors, groupings };
}

function readSelector(node: SyntaxNode, text: (node: SyntaxNode) => string): Selector | undefined {
  const matchers = new Map<string, string>();
  for (const matcher of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
    const label = matcher.getChild('LabelName');
    const value = matcher.getChild('StringLiteral');
    if (label && value) matchers.set(text(label), text(value).slice(1, -1));
  }
  const identifier = node.getChild('Identifier');
  const metric = identifier ? text(identifier) : matchers.get('__name__');
  return metric === undefined ? undefined : { metric, matchers };
}

function findError(node: SyntaxNode): number | undefined {
  let at: number | undefined;
  walk(node, (inner) => {
    if (inner.type.isError && at === undefined) at = inner.from;
  });
  return at;
}

function walk(node: SyntaxNode, visit: (node: SyntaxNode) => void): void {
  visit(node);
  for (let child = node.firstChild; child; child = child.nextSibling) walk(child, visit);
}
