import { availableParallelism } from 'node:os';
import { type OwnedPostgres, startOwnedPostgres } from '@iac-experiment/db/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { affinity, findPostmaster, pinPostgres } from './postgres-affinity.js';

describe('pinPostgres', () => {
  let postgres: OwnedPostgres;
  beforeAll(async () => {
    postgres = await startOwnedPostgres();
  }, 60_000);
  afterAll(async () => postgres?.destroy());

  it('pins the postmaster, the backends it has and the ones it forks later, and restores them', async () => {
    const lastCore = String(availableParallelism() - 1);
    const early = new pg.Client({ connectionString: postgres.url });
    await early.connect();
    const backendOf = async (client: pg.Client) =>
      (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid as number;
    try {
      const earlyBackend = await backendOf(early);
      const original = affinity(await findPostmaster(postgres.url));
      const pinned = await pinPostgres(postgres.url, lastCore);
      try {
        expect(affinity(pinned.postmasterPid)).toBe(lastCore);
        expect(affinity(earlyBackend)).toBe(lastCore);
        const late = new pg.Client({ connectionString: postgres.url });
        await late.connect();
        try {
          expect(affinity(await backendOf(late))).toBe(lastCore);
        } finally {
          await late.end();
        }
      } finally {
        pinned.restore();
      }
      expect(affinity(pinned.postmasterPid)).toBe(original);
      expect(affinity(earlyBackend)).toBe(original);
    } finally {
      await early.end();
    }
  }, 30_000);
});
