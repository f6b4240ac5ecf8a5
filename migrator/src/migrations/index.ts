import type { MigrationInterface } from 'typeorm';
import { CreateMessages1795900000000 } from './1795900000000-create-messages.js';
import { CreateIdempotencyKeys1796000000000 } from './1796000000000-create-idempotency-keys.js';

/** Every migration, oldest first. A new migration file must be added here (ESM: no glob loading). */
export const migrations: Array<new () => MigrationInterface> = [
  CreateMessages1795900000000,
  CreateIdempotencyKeys1796000000000,
];

/** Names the schema relies on; the api's entities declare the same ones so TypeORM's schema diff stays empty. */
export const MESSAGES_TABLE = 'messages';
export const MESSAGES_PRIMARY_KEY = 'PK_messages';
export const MESSAGES_LIST_INDEX = 'IDX_messages_created_at_id_live';
export const IDEMPOTENCY_KEYS_TABLE = 'idempotency_keys';
export const IDEMPOTENCY_KEYS_PRIMARY_KEY = 'PK_idempotency_keys';
export const IDEMPOTENCY_KEYS_CREATED_AT_INDEX = 'IDX_idempotency_keys_created_at';
