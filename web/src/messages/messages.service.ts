import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiRejectedError, ApiUnavailableError } from '../api-client/api-client.errors.js';
import { ApiClient } from '../api-client/api-client.service.js';
import type { ApiCallContext } from '../api-client/api-client.types.js';
import {
  API_UNAVAILABLE_BANNER,
  type BoardView,
  boardHref,
  boardView,
  PAGE_SIZE,
} from './board.view-model.js';

/** What the controller does next: render the board with a status, or send the browser elsewhere (303). */
export type BoardOutcome = RenderBoard | { kind: 'redirect'; location: string };
export type RenderBoard = { kind: 'render'; status: number; view: BoardView };

/** The api's 422 for an idempotency key that already posted a different text (the form was edited after a post
 * that went through, e.g. one that timed out). */
const KEY_TAKEN_TEXT =
  'The message you sent earlier from this form was posted. Post again to add this text as a new message.';

const INVALID_PAGE_BANNER = {
  title: 'This page link is not valid.',
  text: 'It may be outdated or mistyped; the newest messages are one click away.',
};

/**
 * The board's use cases on top of the api. An api that is down, failing or slow yields a 503 page with a banner;
 * it is never retried within a request, so one web request waits for at most one api timeout.
 */
@Injectable()
export class MessagesService {
  constructor(private readonly api: ApiClient) {}

  async showBoard(cursor: string | undefined, context: ApiCallContext): Promise<RenderBoard> {
    try {
      const page = await this.api.listMessages({ limit: PAGE_SIZE, cursor }, context);
      return render(200, boardView({ page, cursor }));
    } catch (error) {
      if (error instanceof ApiUnavailableError) {
        return render(503, boardView({ page: null, cursor, banner: API_UNAVAILABLE_BANNER }));
      }
      if (error instanceof ApiRejectedError) {
        return render(400, boardView({ page: null, cursor, banner: INVALID_PAGE_BANNER }));
      }
      throw error;
    }
  }

  /**
   * Posts the form's message. Its idempotency key goes to the api, and a form shown again (after an error) keeps it:
   * submitting that form again after a timeout whose post did commit creates nothing new.
   */
  async postMessage(
    content: string,
    idempotencyKey: string | undefined,
    context: ApiCallContext,
  ): Promise<BoardOutcome> {
    try {
      await this.api.createMessage(content, idempotencyKey, context);
      return redirect('/');
    } catch (error) {
      if (error instanceof ApiUnavailableError) {
        return render(
          503,
          boardView({ page: null, content, idempotencyKey, banner: API_UNAVAILABLE_BANNER }),
        );
      }
      if (error instanceof ApiRejectedError) {
        const keyTaken = error.statusCode === HttpStatus.UNPROCESSABLE_ENTITY;
        const errors = keyTaken
          ? [KEY_TAKEN_TEXT]
          : error.messages.length > 0
            ? error.messages
            : ['The message was not accepted.'];
        const board = await this.showBoard(undefined, context);
        // 422: the form was well-formed, its content broke the rules; the typed text comes back for editing. Other
        // refusals (429 too many writes, 409 the same form still in flight) keep their status.
        const refused = error.statusCode === 400 ? 422 : error.statusCode;
        const status = board.status === 200 ? refused : board.status;
        // The form shown again is the same form (same key), unless its key already posted another text: then
        // submitting this text must post it as a new message.
        const sameForm = idempotencyKey !== undefined && !keyTaken;
        const form = { ...board.view.form, content, errors, ...(sameForm && { idempotencyKey }) };
        return render(status, { ...board.view, form });
      }
      throw error;
    }
  }

  async deleteMessage(
    id: string,
    returnCursor: string | undefined,
    context: ApiCallContext,
  ): Promise<BoardOutcome> {
    try {
      await this.api.deleteMessage(id, context);
      return redirect(boardHref(returnCursor));
    } catch (error) {
      if (error instanceof ApiUnavailableError) {
        return render(503, boardView({ page: null, cursor: returnCursor, banner: API_UNAVAILABLE_BANNER }));
      }
      if (error instanceof ApiRejectedError) {
        // Deleting a message that is already gone has the outcome the user asked for (e.g. a double click).
        if (error.statusCode === 404) return redirect(boardHref(returnCursor));
        const board = await this.showBoard(returnCursor, context);
        if (board.status !== 200) return board;
        const banner = { title: 'The message could not be deleted.', text: error.messages.join(' ') };
        return render(error.statusCode, { ...board.view, banner });
      }
      throw error;
    }
  }
}

function render(status: number, view: BoardView): RenderBoard {
  return { kind: 'render', status, view };
}

function redirect(location: string): BoardOutcome {
  return { kind: 'redirect', location };
}
