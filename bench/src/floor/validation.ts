import { DEFAULT_PAGE_SIZE, MAX_CONTENT_LENGTH, MAX_PAGE_SIZE } from '@iac-experiment/platform/limits';

/** The page size from `?limit=`: default 50, an integer 1–100, else undefined (a 400). */
export function parseLimit(value: string | null): number | undefined {
  if (value === null) return DEFAULT_PAGE_SIZE;
  if (!/^\d{1,3}$/.test(value)) return undefined;
  const limit = Number(value);
  return limit >= 1 && limit <= MAX_PAGE_SIZE ? limit : undefined;
}

/**
 * The api's rules for a create body: a JSON object with `content` only, a string of 1–500 code points after
 * trimming, without NUL. Returns the trimmed content, or the reason it is refused.
 */
export function parseCreateBody(body: unknown): { content: string } | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { error: 'body must be an object' };
  const { content, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return { error: `property ${unknown[0]} should not exist` };
  if (typeof content !== 'string') return { error: 'content must be a string' };
  const trimmed = content.trim();
  const length = [...trimmed].length;
  if (length < 1 || length > MAX_CONTENT_LENGTH || trimmed.includes('\0')) {
    return { error: `content must be between 1 and ${MAX_CONTENT_LENGTH} characters after trimming` };
  }
  return { content: trimmed };
}
