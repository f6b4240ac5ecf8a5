#!/usr/bin/env node
import { runCli } from './program.js';
import { createAwsClients } from './shared/aws-clients.js';
import { systemClock } from './shared/clock.js';
import { processOutput } from './shared/output.js';

process.exitCode = await runCli(process.argv.slice(2), {
  awsClients: createAwsClients,
  clock: systemClock,
  output: processOutput,
  cwd: process.cwd(),
});
