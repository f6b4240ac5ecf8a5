/** A message as the api's JSON contract describes it. */
export interface Message {
  id: string;
  content: string;
  createdAt: string;
  updatedAt: string;
}

/** One page of `GET /api/messages`, newest first. */
export interface MessagePage {
  items: Message[];
  nextCursor: string | null;
}

/** Per-call context: the id of the web request on whose behalf the api is called, forwarded as `X-Request-Id`. */
export interface ApiCallContext {
  requestId: string;
}
