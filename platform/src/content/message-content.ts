// What a message's text may be: one definition for the api (which enforces it) and web (whose form counts the same
// way and explains the same rules). docs/security.md explains the choices.

/** Most characters a message may have, counted by `contentLength` (the messages.content column is varchar(500)). */
export const MAX_CONTENT_LENGTH = 500;

/**
 * Characters as Postgres counts them for varchar: code points, so an emoji is one, not two (JavaScript's
 * `length` and a textarea's `maxlength` count UTF-16 code units instead).
 */
export function contentLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** A lone UTF-16 surrogate: no UTF-8 encoding exists for it, so it would be stored as U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Refused characters, each by the reason given for it. Allowed on purpose: tab, line feed and carriage return;
 * zero-width joiner and non-joiner (emoji sequences, Persian and Indic scripts); the left-to-right and right-to-left
 * marks (they only nudge neutral characters and cannot reorder text); variation selectors and tag characters
 * (emoji presentation, subdivision flags).
 */
const REFUSED: Array<{ pattern: RegExp; kind: string }> = [
  {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    pattern: /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u,
    kind: 'a control character',
  },
  { pattern: /[\u202A-\u202E\u2066-\u2069]/u, kind: 'a bidirectional embedding, override or isolate' },
  { pattern: /[\u200B\u2060-\u2064\uFEFF]/u, kind: 'an invisible character' },
];

const codePoint = (character: string) =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Where `match` starts in `text`, counted in characters (code points) from 1. */
function characterPosition(text: string, index: number): number {
  return contentLength(text.slice(0, index)) + 1;
}

/**
 * Why `text` (already trimmed) cannot be a message, or undefined when it can. The reason names the first offending
 * character by code point and position, so a client can find it.
 */
export function contentProblem(text: string): string | undefined {
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    return (
      `content is not valid Unicode: a lone surrogate ${codePoint(surrogate[0])} at character ` +
      `${characterPosition(text, surrogate.index)} (JSON escapes such as \\ud800 must come in pairs)`
    );
  }
  for (const { pattern, kind } of REFUSED) {
    const found = pattern.exec(text);
    if (found) {
      return (
        `content must not contain ${kind}: ${codePoint(found[0])} at character ` +
        `${characterPosition(text, found.index)}`
      );
    }
  }
  const length = contentLength(text);
  if (length < 1 || length > MAX_CONTENT_LENGTH) {
    return `content must be between 1 and ${MAX_CONTENT_LENGTH} characters after trimming (it has ${length})`;
  }
  return undefined;
}
