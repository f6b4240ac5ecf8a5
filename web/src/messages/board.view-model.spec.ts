import { describe, expect, it } from '@jest/globals';
import type { Message } from '../api-client/api-client.types.js';
import { API_UNAVAILABLE_BANNER, boardHref, boardView, messageView } from './board.view-model.js';

const message = (overrides: Partial<Message> = {}): Message => ({
  id: '3f1c1f52-4d3b-4d5e-9a52-58c7d6a1b0c1',
  content: '<script>alert(1)</script>',
  createdAt: '2026-11-01T10:05:00.000Z',
  updatedAt: '2026-11-01T10:05:00.000Z',
  ...overrides,
});

describe('messageView', () => {
  it('keeps the content as it is (the template escapes it) and labels the date in UTC', () => {
    expect(messageView(message())).toEqual({
      id: '3f1c1f52-4d3b-4d5e-9a52-58c7d6a1b0c1',
      content: '<script>alert(1)</script>',
      createdAt: '2026-11-01T10:05:00.000Z',
      createdAtLabel: '1 Nov 2026, 10:05 UTC',
      deleteAction: '/messages/3f1c1f52-4d3b-4d5e-9a52-58c7d6a1b0c1/delete',
    });
  });

  it('pads hours and minutes but not days', () => {
    expect(messageView(message({ createdAt: '2026-03-09T08:07:59.999Z' })).createdAtLabel).toBe(
      '9 Mar 2026, 08:07 UTC',
    );
  });

  it('encodes the id into the delete action', () => {
    expect(messageView(message({ id: 'a/b?c' })).deleteAction).toBe('/messages/a%2Fb%3Fc/delete');
  });

  it('shows an unparseable date as sent instead of failing the page', () => {
    expect(messageView(message({ createdAt: 'yesterday' })).createdAtLabel).toBe('yesterday');
  });
});

describe('boardView', () => {
  it('shows the newest page with a link to older messages', () => {
    const view = boardView({ page: { items: [message()], nextCursor: 'MjAyNi0xMS0wMQ==|x+y' } });

    expect(view.messages).toHaveLength(1);
    expect(view.olderHref).toBe('/?cursor=MjAyNi0xMS0wMQ%3D%3D%7Cx%2By');
    expect(view.newestHref).toBeNull();
    expect(view.cursor).toBeNull();
    expect(view.banner).toBeNull();
    expect(view.form).toEqual({
      content: '',
      errors: [],
      maxLength: 500,
      idempotencyKey: expect.any(String),
    });
    expect(boardView({ page: null }).form.idempotencyKey).not.toBe(view.form.idempotencyKey);
  });

  it('offers the newest page from an older one, and no older link on the last page', () => {
    const view = boardView({ page: { items: [message()], nextCursor: null }, cursor: 'abc' });

    expect(view.cursor).toBe('abc');
    expect(view.newestHref).toBe('/');
    expect(view.olderHref).toBeNull();
  });

  it('renders without a page: no messages, the banner, and the typed text kept', () => {
    const view = boardView({
      page: null,
      content: 'my draft',
      errors: ['content should not be empty'],
      banner: API_UNAVAILABLE_BANNER,
      idempotencyKey: 'form-key',
    });

    expect(view.messages).toEqual([]);
    expect(view.olderHref).toBeNull();
    expect(view.banner).toBe(API_UNAVAILABLE_BANNER);
    expect(view.form).toEqual({
      content: 'my draft',
      errors: ['content should not be empty'],
      maxLength: 500,
      idempotencyKey: 'form-key',
    });
  });
});

describe('boardHref', () => {
  it('is / without a cursor and an encoded query with one', () => {
    expect(boardHref()).toBe('/');
    expect(boardHref(null)).toBe('/');
    expect(boardHref('a&b=c')).toBe('/?cursor=a%26b%3Dc');
  });
});
