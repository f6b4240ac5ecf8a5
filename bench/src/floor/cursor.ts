/** The api's cursor format, so that cursors are interchangeable between the two: base64url of "<epoch ms>.<uuid>". */
export interface Cursor {
  createdAt: Date;
  id: string;
}

const CURSOR = /^[A-Za-z0-9_-]{1,100}$/;
const DECODED = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt.getTime()}.${cursor.id}`).toString('base64url');
}

export function decodeCursor(value: string): Cursor | undefined {
  if (!CURSOR.test(value)) return undefined;
  const match = DECODED.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const createdAt = new Date(Number(match[1]));
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id: match[2] as string };
}
