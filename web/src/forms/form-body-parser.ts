import { isUtf8 } from 'node:buffer';
import { HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FormRejectedException } from '../errors/form-rejected.exception.js';

const NOT_UTF8 = 'The form was not sent as UTF-8 text, so it could not be read without changing it.';

/**
 * Parses `application/x-www-form-urlencoded` bodies strictly: raw bytes or percent-escapes that are not valid UTF-8
 * are a 400, where the usual parsers decode them to U+FFFD and the message would be posted altered.
 */
export function useStrictFormParser(app: NestFastifyApplication, bodyLimit: number): void {
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (_request, body, done) => {
    if (!isUtf8(body)) {
      done(new FormRejectedException(NOT_UTF8, HttpStatus.BAD_REQUEST), undefined);
      return;
    }
    const fields: Record<string, string> = {};
    for (const pair of body.toString('utf8').split('&')) {
      if (pair === '') continue;
      const separator = pair.indexOf('=');
      try {
        const name = decode(separator === -1 ? pair : pair.slice(0, separator));
        fields[name] = separator === -1 ? '' : decode(pair.slice(separator + 1));
      } catch {
        done(new FormRejectedException(NOT_UTF8, HttpStatus.BAD_REQUEST), undefined);
        return;
      }
    }
    done(null, fields);
  });
}

/** decodeURIComponent throws on a malformed or non-UTF-8 escape, which is the point. */
function decode(text: string): string {
  return decodeURIComponent(text.replaceAll('+', ' '));
}
