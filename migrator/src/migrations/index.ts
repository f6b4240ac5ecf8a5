import type { MigrationInterface } from 'typeorm';
import { CreateMessages1795900000000 } from './1795900000000-create-messages.js';

/** Every migration, oldest first. A new migration file must be added here (ESM: no glob loading). */
export const migrations: Array<new () => MigrationInterface> = [CreateMessages1795900000000];

/** Names the schema relies on; the api's entities declare the same ones so TypeORM's schema diff stays empty. */
export const MESSAGES_TABLE = 'messages';
export const MESSAGES_PRIMARY_KEY = 'PK_messages';
export const MESSAGES_LIST_INDEX = 'IDX_messages_created_at_id_live';
