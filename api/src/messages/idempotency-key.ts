import { createHash } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';

/** The request header that makes a POST /api/messages safe to retry (IETF draft "The Idempotency-Key HTTP Header
 * Field"). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set on an answer that replays the one given to the first request with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
/** How long a key is kept (at least: expired ones are pruned as new ones are stored). */
export const IDEMPOTENCY_KEY_RETENTION = '24 hours';

const ACCEPTABLE_KEY = /^[\w.:-]{1,100}$/;

/** The key of a request (undefined without the header), or a 400 saying what a key may be. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header === 'string' && ACCEPTABLE_KEY.test(header)) return header;
  throw new BadRequestException(
    'Idempotency-Key must be sent once, 1 to 100 characters: letters, digits, and _ . : - (a UUID fits)',
  );
}

/** What "the same request" means for a key: the same content, as stored (after trimming). */
export function requestHash(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}
