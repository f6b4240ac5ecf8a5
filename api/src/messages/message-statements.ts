import type pg from 'pg';
import type { EntityMetadata } from 'typeorm';
import { ISO_TIMESTAMPS } from './timestamps.js';

export type Statement = Pick<pg.QueryConfig, 'name' | 'text' | 'types'>;

export interface MessageStatements {
  insert: Statement;
  findLive: Statement;
  firstPage: Statement;
  nextPage: Statement;
  update: Statement;
  softDelete: Statement;
}

/**
 * The SQL of the request paths, written once at boot from the Message entity's mapping (table and column names),
 * so the entity stays the one description of the table in the api. One round trip each, only the columns the API
 * returns, and the list query shaped for the live-messages index (created_at DESC, id DESC) WHERE deleted_at IS
 * NULL. Named, so each connection prepares (parses and plans) a statement once. Rows come back in the shape of
 * MessageDto (timestamps as ISO strings, see timestamps.ts).
 */
export function messageStatements(metadata: EntityMetadata): MessageStatements {
  const column = (property: string) => {
    const found = metadata.findColumnWithPropertyName(property);
    if (!found) throw new Error(`${metadata.name} has no column for ${property}`);
    return `"${found.databaseName}"`;
  };
  const [id, content, createdAt, updatedAt, deletedAt] = [
    'id',
    'content',
    'createdAt',
    'updatedAt',
    'deletedAt',
  ].map(column);
  const table = `"${metadata.tableName}"`;
  const returned = `${id}, ${content}, ${createdAt} AS "createdAt", ${updatedAt} AS "updatedAt"`;
  const live = `${deletedAt} IS NULL`;
  const newestFirst = `ORDER BY ${createdAt} DESC, ${id} DESC`;
  const statement = (name: string, text: string): Statement => ({
    name: `${metadata.tableName}.${name}`,
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
  };
}
