// `yarn migration:create <Name>` / `yarn migration:generate <Name>`: thin wrapper around the TypeORM CLI.
// generate diffs the api's entities against a scratch database that the migrations built (on DATABASE_URL's server
// when set, else an embedded Postgres), so it never touches a real database and always diffs the latest schema.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startTestPostgres } from '@iac-experiment/db/testing';
import { createMigratedDatabase } from '../testing/migrated-database.js';

const workspace = fileURLToPath(new URL('../../', import.meta.url));
const migrationsDir = 'src/migrations';
const [command, name] = process.argv.slice(2);

if ((command !== 'create' && command !== 'generate') || !name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
  console.error('usage: yarn migration:create <PascalCaseName> | yarn migration:generate <PascalCaseName>');
  process.exit(2);
}

function typeorm(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const cli = createRequire(import.meta.url).resolve('typeorm/cli.js');
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: workspace,
    stdio: 'inherit',
    env: {
      ...env,
      // Load TypeScript (the api's entities with its decorator settings) and workspace packages from source.
      NODE_OPTIONS: '--conditions=source --import tsx',
      TSX_TSCONFIG_PATH: fileURLToPath(new URL('../../../api/tsconfig.json', import.meta.url)),
    },
  });
  return result.status ?? 1;
}

const before = new Set(readdirSync(`${workspace}${migrationsDir}`));
let status: number;
if (command === 'create') {
  status = typeorm(['migration:create', `${migrationsDir}/${name}`]);
} else {
  const server = await startTestPostgres(process.env);
  const scratch = await createMigratedDatabase({ serverUrl: server.url, prefix: 'generate' });
  try {
    status = typeorm(
      ['migration:generate', '--pretty', '-d', 'src/cli/generate-data-source.ts', `${migrationsDir}/${name}`],
      {
        ...process.env,
        DATABASE_URL: scratch.url,
        DB_SECRET: '',
      },
    );
  } finally {
    await scratch.drop();
    await server.stop();
  }
}

const created = readdirSync(`${workspace}${migrationsDir}`).filter((file) => !before.has(file));
if (status === 0 && created.length > 0) {
  console.log(
    `\nNext: review ${migrationsDir}/${created[0]}, then add its class to the list in ${migrationsDir}/index.ts`,
  );
  console.log('(migrations are listed explicitly; src/migrations/index.spec.ts fails while one is missing).');
}
process.exit(status);
