import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OptionsError, parseOptions, USAGE } from './options.js';
import { BENCH_ROOT, REPO_ROOT } from './paths.js';
import { renderMarkdown } from './report/markdown.js';
import { Cleanup, runBench } from './run-bench.js';

// `yarn bench [--quick] …`: see USAGE. Speed is measured here, never asserted in tests.
let options: ReturnType<typeof parseOptions>;
try {
  options = parseOptions(process.argv.slice(2), join(BENCH_ROOT, 'results'));
  // Relative paths on the command line are relative to the repository root (yarn runs this script in bench/).
  options.outDir = resolve(REPO_ROOT, options.outDir);
  if (options.buildsDir !== undefined) options.buildsDir = resolve(REPO_ROOT, options.buildsDir);
} catch (error) {
  if (!(error instanceof OptionsError)) throw error;
  if (error.message) console.error(error.message);
  console.error(USAGE);
  process.exit(error.message ? 2 : 0);
}

const log = (line: string) => console.log(`bench: ${line}`);
const cleanup = new Cleanup();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // `on`, not `once`: a second signal (Ctrl-C pressed again, or relayed by a wrapper such as tsx's CLI) is ignored
  // rather than left to kill the bench before its cleanup has given Postgres its cores back.
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping servers and cleaning up…`);
    void cleanup.run().finally(() => process.exit(130));
  });
}

try {
  const report = await runBench(options, log, cleanup);
  const markdown = renderMarkdown(report);
  await mkdir(options.outDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  for (const name of [`bench-${stamp}`, 'latest']) {
    await writeFile(join(options.outDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(options.outDir, `${name}.md`), markdown);
  }
  console.log(`\n${markdown}`);
  log(`results written to ${join(options.outDir, `bench-${stamp}.{json,md}`)} and latest.{json,md}`);
} catch (error) {
  if (!interrupted) {
    console.error(error);
    process.exitCode = 1;
  }
} finally {
  await cleanup.run();
}
