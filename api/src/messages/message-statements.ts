import type pg from 'pg';
import type { EntityMetadata } from 'typeorm';
import { IDEMPOTENCY_KEY_RETENTION } from './idempotency-key.js';
import { ISO_TIMESTAMPS } from './timestamps.js';

export type Statement = Pick<pg.QueryConfig, 'name' | 'text' | 'types'>;

export interface MessageStatements {
  insert: Statement;
  findLive: Statement;
  firstPage: Statement;
  nextPage: Statement;
  update: Statement;
  softDelete: Statement;
  keyedInsert: Statement;
  keyedLookup: Statement;
}

/** A mapped table's quoted name, and its columns' quoted names by property. */
function mapping(metadata: EntityMetadata) {
  return {
    table: `"${metadata.tableName}"`,
    column(property: string): string {
      const found = metadata.findColumnWithPropertyName(property);
      if (!found) throw new Error(`${metadata.name} has no column for ${property}`);
      return `"${found.databaseName}"`;
    },
  };
}

/**
 * The SQL of the request paths, written once at boot from the Message and IdempotencyKey entities' mappings (table
 * and column names), so the entities stay the one description of the tables in the api. One round trip each, only
 * the columns the API returns, and the list query shaped for the live-messages index (created_at DESC, id DESC)
 * WHERE deleted_at IS NULL. Named, so each connection prepares (parses and plans) a statement once. Rows come back
 * in the shape of MessageDto (timestamps as ISO strings, see timestamps.ts).
 */
export function messageStatements(
  messages: EntityMetadata,
  idempotencyKeys: EntityMetadata,
): MessageStatements {
  const { table, column } = mapping(messages);
  const [id, content, createdAt, updatedAt, deletedAt] = [
    'id',
    'content',
    'createdAt',
    'updatedAt',
    'deletedAt',
  ].map(column);
  const keys = mapping(idempotencyKeys);
  const [key, requestHash, messageId, keyCreatedAt] = ['key', 'requestHash', 'messageId', 'createdAt'].map(
    keys.column,
  );
  const returned = `${id} AS "id", ${content} AS "content", ${createdAt} AS "createdAt", ${updatedAt} AS "updatedAt"`;
  const live = `${deletedAt} IS NULL`;
  const newestFirst = `ORDER BY ${createdAt} DESC, ${id} DESC`;
  // The message an earlier request with this key created, as first answered (updatedAt = createdAt; content null:
  // the caller has it), with that request's hash.
  const earlier =
    `SELECT m.${id} AS "id", NULL AS "content", m.${createdAt} AS "createdAt", m.${createdAt} AS "updatedAt", ` +
    `k.${requestHash} AS "requestHash" FROM ${keys.table} k JOIN ${table} m ON m.${id} = k.${messageId} ` +
    `WHERE k.${key} = $1`;
  const statement = (name: string, text: string): Statement => ({
    name: `${messages.tableName}.${name}`,
    text,
    types: ISO_TIMESTAMPS,
  });
  return {
    insert: statement('insert', `INSERT INTO ${table} (${content}) VALUES ($1) RETURNING ${returned}`),
    findLive: statement('findLive', `SELECT ${returned} FROM ${table} WHERE ${id} = $1 AND ${live}`),
    firstPage: statement(
      'firstPage',
      `SELECT ${returned} FROM ${table} WHERE ${live} ${newestFirst} LIMIT $1`,
    ),
    // Keyset pagination: strictly older than the cursor row, so rows inserted meanwhile (newer) never shift a page.
    nextPage: statement(
      'nextPage',
      `SELECT ${returned} FROM ${table} WHERE ${live} AND (${createdAt}, ${id}) < ($2::timestamptz, $3::uuid) ` +
        `${newestFirst} LIMIT $1`,
    ),
    update: statement(
      'update',
      `UPDATE ${table} SET ${content} = $2, ${updatedAt} = now() WHERE ${id} = $1 AND ${live} RETURNING ${returned}`,
    ),
    softDelete: statement(
      'softDelete',
      `UPDATE ${table} SET ${deletedAt} = now() WHERE ${id} = $1 AND ${live}`,
    ),
    // One statement: claim the key (generating the message's id), insert the message only if the claim succeeded,
    // prune a few expired keys; then either the new message, or the key's earlier message and request hash. A
    // concurrent request holding the same key makes this one wait, then return nothing (its snapshot predates that
    // commit): keyedLookup then reads the committed key.
    keyedInsert: statement(
      'keyedInsert',
      `WITH claim AS (
         INSERT INTO ${keys.table} (${key}, ${requestHash}, ${messageId}) VALUES ($1, $2, gen_random_uuid())
         ON CONFLICT (${key}) DO NOTHING RETURNING ${messageId} AS id
       ), created AS (
         INSERT INTO ${table} (${id}, ${content}) SELECT id, $3 FROM claim RETURNING ${returned}
       ), pruned AS (
         DELETE FROM ${keys.table} WHERE ${key} IN (
           SELECT ${key} FROM ${keys.table} WHERE ${keyCreatedAt} < now() - interval '${IDEMPOTENCY_KEY_RETENTION}'
           ORDER BY ${keyCreatedAt} LIMIT 10 FOR UPDATE SKIP LOCKED)
       )
       SELECT "id", "content", "createdAt", "updatedAt", NULL AS "requestHash" FROM created
       UNION ALL
       ${earlier} AND NOT EXISTS (SELECT 1 FROM claim)`,
    ),
    keyedLookup: statement('keyedLookup', earlier),
  };
}
