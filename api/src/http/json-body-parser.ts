import { isUtf8 } from 'node:buffer';
import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/** Deepest nesting of arrays and objects a JSON body may have: the api's bodies are flat objects. */
export const MAX_JSON_DEPTH = 8;

/**
 * How deep `text` nests arrays and objects, counting until `limit` is passed (brackets inside strings do not
 * count). Deep bodies are refused before parsing, with a reason: anything that walks a parsed body recursively
 * (validation, logging an error) would overflow its stack at a few thousand levels, well inside the body limit.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser, which decodes the body leniently (invalid UTF-8 bytes become U+FFFD, which would
 * then be stored), with one that refuses, as 400s saying why: a body that is not valid UTF-8, and one nested deeper
 * than MAX_JSON_DEPTH. The rest is Fastify's own parser (prototype-poisoning checks, its error messages).
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(new BadRequestException('The request body is not valid UTF-8'), undefined);
      return;
    }
    const text = bytes.toString('utf8');
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      done(
        new BadRequestException(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`),
        undefined,
      );
      return;
    }
    parseJson(request, text, done);
  });
}
