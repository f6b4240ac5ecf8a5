// The time budget of a request from web to the api, in one place: web's wait (API_TIMEOUT_MS by default) and the
// most the api may take, database waits included. When the api can take longer than web waits, web shows an error
// while the api's INSERT may still commit, and the user's retry posts the message twice.

/** How long web waits for an api answer, by default (API_TIMEOUT_MS). */
export const WEB_API_TIMEOUT_MS = 2500;

/** Left of web's wait for the network and the api's own work around its database calls. */
const MARGIN_MS = 250;

/**
 * The longest the api may take to answer: pool wait and connect (DATABASE_CONNECT_TIMEOUT_MS), then one query
 * (DATABASE_STATEMENT_TIMEOUT_MS plus the client-side margin). The api's defaults fit; it warns at boot otherwise.
 */
export const API_ANSWER_BUDGET_MS = WEB_API_TIMEOUT_MS - MARGIN_MS;
