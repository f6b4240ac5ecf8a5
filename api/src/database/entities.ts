import { IdempotencyKey } from '../messages/idempotency-key.entity.js';
import { Message } from '../messages/message.entity.js';

/** Every TypeORM entity of the api. The migrator's `migration:generate` diffs these against a database. */
export const entities = [Message, IdempotencyKey];
