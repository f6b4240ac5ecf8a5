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

/** Per-call context: the web request on whose behalf the api is called. */
export interface ApiCallContext {
  /** Forwarded as `X-Request-Id`. */
  requestId: string;
  /** The browser's address, forwarded as `X-Forwarded-For` (web is the hop the api trusts), so the api's write limit
   * counts each user rather than web. */
  clientAddress: string;
}
