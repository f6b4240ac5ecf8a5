import { parseArgs } from 'node:util';
import { z } from 'zod';

export const SCENARIO_NAMES = ['list', 'deep', 'health', 'web', 'create'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BenchOptions {
  quick: boolean;
  /** A/B rounds per scenario; each metric is reported as the median over rounds. */
  rounds: number;
  /** Measured window per run, seconds. */
  durationSeconds: number;
  /** Unmeasured load before each measured window, seconds. */
  warmupSeconds: number;
  connections: number;
  /** Table sizes (live + soft-deleted rows seeded). */
  sizes: number[];
  /** How many starts boot time is the median of. */
  boots: number;
  scenarios: ScenarioName[];
  /** Deep-cursor scenario: walk at most this many rows to collect cursors (quick runs stop early). */
  deepWalkRows: number;
  build: 'auto' | 'always' | 'never';
  outDir: string;
  /** Run the servers under test with `node --cpu-prof` (profiles in <out>/profiles; slows them down). */
  cpuProf: boolean;
  /** Run api and web from this folder (laid out like a snapshot) instead of building and snapshotting. */
  buildsDir?: string;
  /** Extra environment for api and web, e.g. DATABASE_POOL_MAX=20, to measure a setting. */
  serverEnv: Record<string, string>;
  /** The `node` binary for api, web and the floor; default: one of the containers' Node major (production-node.ts). */
  node?: string;
}

export const USAGE = `Usage: yarn bench [options]
  --quick                 short run for development (< ~2 min): 1 round, 1 s warm-up, 3 s windows
  --rounds N              A/B rounds per scenario (default 3; metrics are medians over rounds)
  --duration S            measured window in seconds (default 10)
  --warmup S              warm-up before each window in seconds (default 3)
  --connections N         concurrent connections (default 50)
  --sizes A,B             table sizes (default 1000,1000000)
  --boots N               boot time = median of N starts (default 5)
  --scenarios a,b         subset of ${SCENARIO_NAMES.join(',')}
  --deep-walk-rows N      rows walked to collect deep cursors (default: the whole table; quick: 50000)
  --build | --no-build    always / never build api and web first (default: when sources are newer than dist)
  --out DIR               results folder (default bench/results; relative paths are from the repository root)
  --cpu-prof              write V8 CPU profiles of the servers to <out>/profiles (numbers are then not comparable);
                          summarize one with: yarn workspace @iac-experiment/bench run profile <file.cpuprofile>
  --env KEY=VALUE         extra environment for api and web, repeatable (e.g. --env DATABASE_POOL_MAX=20)
  --builds DIR            run api and web from DIR, laid out like bench/results/build (a copy to experiment on)
  --node PATH             run api, web and the floor on this node binary (default: a Node of the major their
                          Dockerfiles run, fetched once from the npm registry when this Node is another major)`;

const positiveInt = z.coerce.number().int().positive();
const list = <T extends z.ZodType>(item: T) =>
  z.string().transform((value, context) => {
    const parsed = z.array(item).safeParse(value.split(',').map((part) => part.trim()));
    if (!parsed.success) {
      context.addIssue({ code: 'custom', message: `invalid list: ${value}` });
      return z.NEVER;
    }
    return parsed.data as z.infer<T>[];
  });

export class OptionsError extends Error {}

export function parseOptions(argv: string[], defaultOutDir: string): BenchOptions {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        quick: { type: 'boolean' },
        rounds: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        sizes: { type: 'string' },
        boots: { type: 'string' },
        scenarios: { type: 'string' },
        'deep-walk-rows': { type: 'string' },
        build: { type: 'boolean' },
        'no-build': { type: 'boolean' },
        out: { type: 'string' },
        'cpu-prof': { type: 'boolean' },
        env: { type: 'string', multiple: true },
        builds: { type: 'string' },
        node: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new OptionsError((error as Error).message);
  }
  if (values.help) throw new OptionsError('');
  const quick = values.quick === true;
  const schema = z.object({
    rounds: positiveInt.default(quick ? 1 : 3),
    duration: positiveInt.default(quick ? 3 : 10),
    warmup: z.coerce
      .number()
      .int()
      .min(0)
      .default(quick ? 1 : 3),
    connections: positiveInt.default(50),
    sizes: list(positiveInt).default([1000, 1_000_000]),
    boots: positiveInt.default(quick ? 3 : 5),
    scenarios: list(z.enum(SCENARIO_NAMES)).default([...SCENARIO_NAMES]),
    'deep-walk-rows': positiveInt.default(quick ? 50_000 : Number.MAX_SAFE_INTEGER),
    out: z.string().default(defaultOutDir),
    builds: z.string().optional(),
    node: z.string().min(1).optional(),
    env: z
      .array(z.string().regex(/^[A-Z_][A-Z0-9_]*=/, 'expected KEY=VALUE'))
      .default([])
      .transform((pairs) =>
        Object.fromEntries(
          pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
        ),
      ),
  });
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw new OptionsError(
      parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'),
    );
  }
  const options = parsed.data;
  return {
    quick,
    rounds: options.rounds,
    durationSeconds: options.duration,
    warmupSeconds: options.warmup,
    connections: options.connections,
    sizes: options.sizes,
    boots: options.boots,
    scenarios: SCENARIO_NAMES.filter((name) => options.scenarios.includes(name)),
    deepWalkRows: options['deep-walk-rows'],
    build: values.build ? 'always' : values['no-build'] ? 'never' : 'auto',
    outDir: options.out,
    cpuProf: values['cpu-prof'] === true,
    ...(options.builds === undefined ? {} : { buildsDir: options.builds }),
    serverEnv: options.env,
    ...(options.node === undefined ? {} : { node: options.node }),
  };
}
