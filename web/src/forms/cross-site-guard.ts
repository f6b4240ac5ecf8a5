import { HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FormRejectedException } from '../errors/form-rejected.exception.js';

const REFUSED =
  'This form was sent from another site. Messages can only be posted and deleted from this site itself.';

/**
 * Refuses form posts another site's page makes a visitor's browser send (otherwise any page could post or delete
 * through its visitors): 403 when the browser says the request is cross-site (`Sec-Fetch-Site`), or when its
 * `Origin` is not this site's own. Requests carrying neither header (older browsers, scripts) are let through: a
 * script can send whatever it likes anyway, and the write limit applies to it.
 */
export function refuseCrossSitePosts(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: Error) => void,
) {
  if (request.method !== 'POST') return done();
  const fetchSite = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  if (fetchSite === 'cross-site' || (origin !== undefined && origin !== ownOrigin(request))) {
    return done(new FormRejectedException(REFUSED, HttpStatus.FORBIDDEN));
  }
  done();
}

/** This site's origin as the browser sees it: the scheme the load balancer received (X-Forwarded-Proto from the
 * trusted hop) and the Host header the load balancer keeps. */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
