import { BadRequestException } from '@nestjs/common';
import { Ajv, type KeywordDefinition, type Options } from 'ajv';
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';

/**
 * One ajv per part of a request, as Fastify's documentation shows: JSON bodies are taken as sent (Fastify's default
 * would turn `42` into `"42"` and `["a"]` into `"a"`), while query values arrive as strings and are converted.
 * Neither silently drops unknown properties: a schema with `additionalProperties: false` refuses them.
 * They do not check each route schema against the JSON Schema meta-schema: compiling that meta-schema, once per ajv,
 * was a large part of the api's boot (docs/performance.md). Compiling still refuses a keyword with a value of the
 * wrong type, and a spec checks the api's schemas against the meta-schema.
 */
const AJV_OPTIONS: Record<string, Options> = {
  body: { coerceTypes: false },
  querystring: { coerceTypes: true, useDefaults: true },
};

/**
 * Validates requests against their route schemas (`@RouteSchema`) and answers a failure with a 400 in the api's
 * error shape (AllExceptionsFilter), every problem in `message`. `keywords` are the api's own schema keywords.
 */
export function registerSchemaValidation(fastify: FastifyInstance, keywords: KeywordDefinition[]): void {
  const validators = new Map(
    Object.entries(AJV_OPTIONS).map(([part, options]) => [
      part,
      new Ajv({ ...options, allErrors: true, removeAdditional: false, validateSchema: false, keywords }),
    ]),
  );
  fastify.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart && validators.get(httpPart);
    if (!ajv)
      throw new Error(
        `No validator for the request's ${httpPart}: route schemas may describe ${[...validators.keys()].join(', ')}`,
      );
    return ajv.compile(schema);
  });
  fastify.setSchemaErrorFormatter((errors) => new BadRequestException(errors.map(describeError)));
}

/** One problem in words, naming the field: `limit must be <= 100`, `property id should not exist`. */
function describeError(error: FastifySchemaValidationError): string {
  const field = error.instancePath.slice(1).replaceAll('/', '.');
  switch (error.keyword) {
    case 'additionalProperties':
      return `property ${error.params.additionalProperty} should not exist`;
    case 'required':
      return `${error.params.missingProperty} must be present`;
    default:
      // The api's own keywords (`x-…`, such as the content rules) word the whole message themselves.
      return error.keyword.startsWith('x-') && error.message
        ? error.message
        : `${field || 'the body'} ${error.message}`;
  }
}
