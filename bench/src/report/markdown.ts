import { SCENARIOS } from '../scenarios.js';
import { apiFloorRatios } from './summary.js';
import type { BenchReport, ScenarioSummary } from './types.js';

const num = (value: number | undefined, digits = 0) =>
  value === undefined || !Number.isFinite(value)
    ? 'n/a'
    : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function scenarioRow(s: ScenarioSummary): string[] {
  const cpu =
    s.backendCpuMicrosPerRequest === undefined
      ? num(s.cpuMicrosPerRequest)
      : `${num(s.cpuMicrosPerRequest)} (+ api ${num(s.backendCpuMicrosPerRequest)})`;
  const failures = `${s.errors} / ${s.non2xx}${s.created ? `, lost ${s.created.missing} of ${num(s.created.acknowledged)}` : ''}`;
  // What one fully busy vCPU could serve: the number that sizes Fargate tasks (web's page also costs an api call).
  const perVcpu = 1e6 / (s.cpuMicrosPerRequest + (s.backendCpuMicrosPerRequest ?? 0));
  return [
    SCENARIOS[s.scenario].title,
    s.target,
    cpu,
    num(perVcpu),
    num(s.requestsPerSecond),
    num(s.latencyMs.p50, 1),
    num(s.latencyMs.p97_5, 1),
    num(s.latencyMs.p99, 1),
    failures,
    num(s.rssMb),
    `${num(s.generatorCpuShare * 100)} %`,
  ];
}

/** The human-readable report: machine, per-size results, api/floor ratios, boot times and the targets. */
export function renderMarkdown(report: BenchReport): string {
  const { machine, options } = report;
  const parts: string[] = [];
  parts.push(
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${num(machine.memoryGb)} GB RAM; servers on Node ${machine.serverNode} (load generator on ${machine.node}); ` +
      `PostgreSQL ${machine.postgres} (${machine.postgresKind}); ${machine.pinned}. ` +
      `Load average before/after: ${machine.loadAverageBefore.map((l) => l.toFixed(1)).join(' ')} / ` +
      `${machine.loadAverageAfter.map((l) => l.toFixed(1)).join(' ')}.`,
    `Run: ${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s ` +
      `measured per window, ${options.rounds} A/B round(s); each value is the median over rounds (errors are summed).`,
  );
  const sizes = [...new Set(report.summaries.map((s) => s.size))];
  for (const size of sizes) {
    parts.push(
      `### ${num(size)} messages\n\n` +
        table(
          [
            'Scenario',
            'Server',
            'CPU µs/req',
            'req/s per vCPU',
            'req/s',
            'p50 ms',
            'p97.5 ms',
            'p99 ms',
            'errors / non-2xx',
            'RSS MB',
            'load gen. CPU',
          ],
          report.summaries.filter((s) => s.size === size).map(scenarioRow),
        ),
    );
  }
  const ratios = apiFloorRatios(report.samples);
  if (ratios.length > 0) {
    parts.push(
      '### api ÷ floor (median of the per-round ratios)\n\n' +
        table(
          ['Messages', 'Scenario', 'CPU per request', 'p99', 'throughput'],
          ratios.map((r) => [
            num(r.size),
            SCENARIOS[r.scenario].title,
            num(r.cpuPerRequest, 2),
            num(r.p99, 2),
            num(r.throughput, 2),
          ]),
        ),
    );
  }
  if (report.boot.length > 0) {
    parts.push(
      '### Boot (process start → health 200)\n\n' +
        table(
          ['Server', 'median ms', 'samples ms'],
          report.boot.map((b) => [b.target, num(b.medianMs), b.samplesMs.map((ms) => num(ms)).join(', ')]),
        ),
    );
  }
  if (report.checks.length > 0) {
    parts.push(
      '### Targets\n\n' +
        table(
          ['Target', 'measured', 'goal', ''],
          report.checks.map((c) => [c.name, c.actual, c.goal, c.pass ? 'pass' : '**FAIL**']),
        ),
    );
  }
  return `${parts.join('\n\n')}\n`;
}
