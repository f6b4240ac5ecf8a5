import { randomUUID } from 'node:crypto';
import { DEFAULT_PAGE_SIZE, MAX_CONTENT_LENGTH } from '@iac-experiment/platform/limits';
import type { Message, MessagePage } from '../api-client/api-client.types.js';

/** Messages per page: the api's default page, so web's `GET /` costs one api list call of the usual size. */
export const PAGE_SIZE = DEFAULT_PAGE_SIZE;

export interface MessageView {
  id: string;
  content: string;
  createdAt: string;
  createdAtLabel: string;
  deleteAction: string;
}

export interface Banner {
  title: string;
  text: string;
}

export interface FormView {
  content: string;
  errors: string[];
  /** Counted as the api counts (code points, see app.js), which a textarea's `maxlength` does not. */
  maxLength: number;
  /** Sent back as the api's Idempotency-Key: one per form shown, kept when the same form is shown again. */
  idempotencyKey: string;
}

/** Everything `views/index.hbs` shows. Strings only: the template escapes every one of them. */
export interface BoardView {
  messages: MessageView[];
  /** The page being shown, kept so that deleting from an older page returns to it. */
  cursor: string | null;
  olderHref: string | null;
  newestHref: string | null;
  form: FormView;
  banner: Banner | null;
}

export interface BoardViewInput {
  page: MessagePage | null;
  cursor?: string;
  content?: string;
  errors?: string[];
  banner?: Banner | null;
  /** The key of the form being shown again; a new form gets a new one. */
  idempotencyKey?: string;
}

export const API_UNAVAILABLE_BANNER: Banner = {
  title: 'The message service is unavailable right now.',
  text: 'Messages cannot be shown or changed at the moment. Please try again in a little while.',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function boardView(input: BoardViewInput): BoardView {
  const cursor = input.cursor ?? null;
  const nextCursor = input.page?.nextCursor ?? null;
  return {
    messages: (input.page?.items ?? []).map(messageView),
    cursor,
    olderHref: nextCursor === null ? null : boardHref(nextCursor),
    newestHref: cursor === null ? null : '/',
    form: {
      content: input.content ?? '',
      errors: input.errors ?? [],
      maxLength: MAX_CONTENT_LENGTH,
      idempotencyKey: input.idempotencyKey ?? randomUUID(),
    },
    banner: input.banner ?? null,
  };
}

export function messageView(message: Message): MessageView {
  return {
    id: message.id,
    content: message.content,
    createdAt: message.createdAt,
    createdAtLabel: formatDate(message.createdAt),
    deleteAction: `/messages/${encodeURIComponent(message.id)}/delete`,
  };
}

/** The board's URL for the page starting at `cursor` (the newest page without one). */
export function boardHref(cursor?: string | null): string {
  return cursor ? `/?cursor=${encodeURIComponent(cursor)}` : '/';
}

/** "1 Nov 2026, 10:05 UTC". Written out because Intl.DateTimeFormat#format costs more than the rest of the page. */
function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${time} UTC`;
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
