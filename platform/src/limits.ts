/**
 * The limits the api, web and the bench's floor must agree on, each defined once. Importable without NestJS as
 * `@iac-experiment/platform/limits`. (Migrations keep their own literals: a migration never changes after it ran.)
 */
export { MAX_CONTENT_LENGTH } from './content/message-content.js';

/** Messages per page when `?limit=` is absent; web's board asks for this many. */
export const DEFAULT_PAGE_SIZE = 50;
/** The largest `?limit=` the api accepts. */
export const MAX_PAGE_SIZE = 100;
/** The largest request body api and web accept (a message is at most MAX_CONTENT_LENGTH characters). */
export const BODY_LIMIT_BYTES = 16 * 1024;
