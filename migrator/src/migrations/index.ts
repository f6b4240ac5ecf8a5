import type { MigrationInterface } from 'typeorm';
import { CreateMessages1795900000000 } from './1795900000000-create-messages.js';
import { CreateIdempotencyKeys1796000000000 } from './1796000000000-create-idempotency-keys.js';

/** Every migration, oldest first. A new migration file must be added here (ESM: no glob loading). */
export const migrations: Array<new () => MigrationInterface> = [
  CreateMessages1795900000000,
  CreateIdempotencyKeys1796000000000,
];
