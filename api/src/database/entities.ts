import { Message } from '../messages/message.entity.js';

/** Every TypeORM entity of the api. The migrator's `migration:generate` diffs these against a database. */
export const entities = [Message];
