import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ApiRejectedError, ApiUnavailableError } from '../api-client/api-client.errors.js';
import type { ApiClient } from '../api-client/api-client.service.js';
import type { Message, MessagePage } from '../api-client/api-client.types.js';
import { API_UNAVAILABLE_BANNER, PAGE_SIZE } from './board.view-model.js';
import { MessagesService } from './messages.service.js';

const context = { requestId: 'req-1', clientAddress: '203.0.113.5' };
const message: Message = {
  id: '3f1c1f52-4d3b-4d5e-9a52-58c7d6a1b0c1',
  content: 'hello',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
};
const page: MessagePage = { items: [message], nextCursor: 'next' };
const unavailable = () => new ApiUnavailableError('timeout', 'api did not answer');

// The api client is replaced here to pin down the status and view for each api outcome; the e2e suites run the
// same paths against the real api.
describe('MessagesService', () => {
  const api = {
    listMessages: jest.fn<ApiClient['listMessages']>(),
    createMessage: jest.fn<ApiClient['createMessage']>(),
    deleteMessage: jest.fn<ApiClient['deleteMessage']>(),
  };
  const service = new MessagesService(api as unknown as ApiClient);

  beforeEach(() => {
    api.listMessages.mockReset().mockResolvedValue(page);
    api.createMessage.mockReset().mockResolvedValue(message);
    api.deleteMessage.mockReset().mockResolvedValue(undefined);
  });

  describe('showBoard', () => {
    it('renders the page with 200, asking for one page from the cursor on', async () => {
      const outcome = await service.showBoard('abc', context);

      expect(api.listMessages).toHaveBeenCalledWith({ limit: PAGE_SIZE, cursor: 'abc' }, context);
      expect(outcome).toMatchObject({ kind: 'render', status: 200 });
      expect(outcome.view.messages.map((view) => view.id)).toEqual([message.id]);
      expect(outcome.view.olderHref).toBe('/?cursor=next');
    });

    it('renders 503 with the banner when the api is unavailable', async () => {
      api.listMessages.mockRejectedValue(unavailable());

      const outcome = await service.showBoard(undefined, context);

      expect(outcome.status).toBe(503);
      expect(outcome.view.banner).toBe(API_UNAVAILABLE_BANNER);
      expect(outcome.view.messages).toEqual([]);
    });

    it('renders 400 with a way back when the api rejects the cursor', async () => {
      api.listMessages.mockRejectedValue(new ApiRejectedError(400, ['cursor is invalid']));

      const outcome = await service.showBoard('garbage', context);

      expect(outcome.status).toBe(400);
      expect(outcome.view.banner?.title).toBe('This page link is not valid.');
      expect(outcome.view.newestHref).toBe('/');
    });

    it('lets unexpected errors through to the error page', async () => {
      api.listMessages.mockRejectedValue(new TypeError('bug'));

      await expect(service.showBoard(undefined, context)).rejects.toThrow('bug');
    });
  });

  describe('postMessage', () => {
    it('redirects to the board once the api created the message', async () => {
      await expect(service.postMessage('hi', 'key-1', context)).resolves.toEqual({
        kind: 'redirect',
        location: '/',
      });
      expect(api.createMessage).toHaveBeenCalledWith('hi', 'key-1', context);
    });

    it('re-renders the board with 422, the api messages and the typed text on a validation error', async () => {
      api.createMessage.mockRejectedValue(new ApiRejectedError(400, ['content must not be empty']));

      const outcome = await service.postMessage('   ', undefined, context);

      expect(outcome).toMatchObject({ kind: 'render', status: 422 });
      if (outcome.kind !== 'render') throw new Error('expected a render');
      expect(outcome.view.form).toMatchObject({ content: '   ', errors: ['content must not be empty'] });
      expect(outcome.view.messages).toHaveLength(1);
    });

    it('falls back to a generic error text when the api gives none', async () => {
      api.createMessage.mockRejectedValue(new ApiRejectedError(400, []));

      const outcome = await service.postMessage('x', undefined, context);

      if (outcome.kind !== 'render') throw new Error('expected a render');
      expect(outcome.view.form.errors).toEqual(['The message was not accepted.']);
    });

    it('renders 503 with the banner and the typed text, without a second api call, when the api is down', async () => {
      api.createMessage.mockRejectedValue(unavailable());

      const outcome = await service.postMessage('keep me', 'key-2', context);

      expect(outcome).toMatchObject({ kind: 'render', status: 503 });
      if (outcome.kind !== 'render') throw new Error('expected a render');
      expect(outcome.view.form.content).toBe('keep me');
      // The same form again: resubmitting it after a post that did commit creates nothing new.
      expect(outcome.view.form.idempotencyKey).toBe('key-2');
      expect(outcome.view.banner).toBe(API_UNAVAILABLE_BANNER);
      expect(api.listMessages).not.toHaveBeenCalled();
    });

    it('keeps form errors and text but answers 503 when the board cannot be loaded after a rejection', async () => {
      api.createMessage.mockRejectedValue(new ApiRejectedError(400, ['too long']));
      api.listMessages.mockRejectedValue(unavailable());

      const outcome = await service.postMessage('long text', undefined, context);

      expect(outcome).toMatchObject({ kind: 'render', status: 503 });
      if (outcome.kind !== 'render') throw new Error('expected a render');
      expect(outcome.view.form).toMatchObject({ content: 'long text', errors: ['too long'] });
      expect(outcome.view.banner).toBe(API_UNAVAILABLE_BANNER);
    });
  });

  describe('deleteMessage', () => {
    it('redirects back to the page the delete came from', async () => {
      await expect(service.deleteMessage(message.id, 'older page', context)).resolves.toEqual({
        kind: 'redirect',
        location: '/?cursor=older%20page',
      });
      expect(api.deleteMessage).toHaveBeenCalledWith(message.id, context);
    });

    it('treats an already deleted message (404) as done', async () => {
      api.deleteMessage.mockRejectedValue(new ApiRejectedError(404, ['not found']));

      await expect(service.deleteMessage(message.id, undefined, context)).resolves.toEqual({
        kind: 'redirect',
        location: '/',
      });
    });

    it('renders the api status and its reason for other rejections (malformed id)', async () => {
      api.deleteMessage.mockRejectedValue(new ApiRejectedError(400, ['id must be a UUID']));

      const outcome = await service.deleteMessage('nope', undefined, context);

      expect(outcome).toMatchObject({ kind: 'render', status: 400 });
      if (outcome.kind !== 'render') throw new Error('expected a render');
      expect(outcome.view.banner).toEqual({
        title: 'The message could not be deleted.',
        text: 'id must be a UUID',
      });
    });

    it('renders 503 with the banner when the api is down', async () => {
      api.deleteMessage.mockRejectedValue(unavailable());

      const outcome = await service.deleteMessage(message.id, undefined, context);

      expect(outcome).toMatchObject({ kind: 'render', status: 503 });
      expect(api.listMessages).not.toHaveBeenCalled();
    });
  });
});
