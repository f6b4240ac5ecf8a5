/** Where a page ends in the newest-first order: the (created_at, id) of its last message. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_CURSOR_LENGTH = 100;

/** Opaque to clients: base64url of "<epoch ms>.<uuid>" (created_at has millisecond precision, so it round-trips). */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt.getTime()}.${cursor.id}`).toString('base64url');
}

/** The cursor, or undefined when the string is not one this api issued. */
export function decodeCursor(value: string): Cursor | undefined {
  if (value.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  const [millis, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('.');
  if (rest.length > 0 || !millis || !id || !/^\d{1,15}$/.test(millis) || !UUID.test(id)) return undefined;
  const createdAt = new Date(Number(millis));
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id };
}
