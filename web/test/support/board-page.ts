/** Reading the rendered board the way a test needs it, without a DOM library. */

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#x3D;': '=',
  '&#x60;': '`',
};

/** Undoes Handlebars' escaping (for reading attribute values such as hrefs). */
export function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#x27|#x3D|#x60);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** The ids of the messages on the page, top to bottom. */
export function messageIds(html: string): string[] {
  return [...html.matchAll(/<li class="message" id="message-([^"]+)">/g)].map((match) => match[1] ?? '');
}

/** The (escaped) contents of the messages on the page, top to bottom. */
export function messageContents(html: string): string[] {
  return [...html.matchAll(/<li class="message" id="message-[^"]+"><p>([\s\S]*?)<\/p>/g)].map(
    (match) => match[1] ?? '',
  );
}

/** The href of the "Older messages" link, unescaped, or undefined. */
export function olderHref(html: string): string | undefined {
  const match = /<a class="pager-older" rel="next" href="([^"]*)">/.exec(html);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
}

/** What the message form's textarea holds (still escaped, as sent). */
export function textareaContent(html: string): string | undefined {
  return /<textarea id="content"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1];
}

/** The form's error messages. */
export function formErrors(html: string): string[] {
  const list = /<ul id="content-errors" class="form-errors">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) => match[1] ?? '');
}

/** The form's hidden idempotency key. */
export function formIdempotencyKey(html: string): string | undefined {
  return /<input type="hidden" name="idempotencyKey" value="([^"]*)">/.exec(html)?.[1];
}
