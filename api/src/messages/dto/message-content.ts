import { contentProblem, MAX_CONTENT_LENGTH } from '@iac-experiment/platform';
import { ApiProperty } from '@nestjs/swagger';
import type { FuncKeywordDefinition, SchemaValidateFunction } from 'ajv';

/** The JSON-schema keyword of a `content` field (an `x-` name, which OpenAPI allows as an extension). */
export const STORABLE_CONTENT = 'x-storable-content';

/**
 * Trims the string in place, then refuses it with contentProblem's reason (length, lone surrogates, refused
 * characters). It replaces minLength/maxLength in the schema: those would count the characters before trimming.
 */
const validateStorableContent: SchemaValidateFunction = (_schema, value: string, _parentSchema, context) => {
  const content = value.trim();
  const problem = contentProblem(content);
  if (problem !== undefined) {
    validateStorableContent.errors = [{ keyword: STORABLE_CONTENT, message: problem, params: {} }];
    return false;
  }
  if (context) context.parentData[context.parentDataProperty] = content;
  return true;
};

/** The ajv keyword behind STORABLE_CONTENT (registered in http/schema-validation.ts). */
export const storableContentKeyword: FuncKeywordDefinition = {
  keyword: STORABLE_CONTENT,
  type: 'string',
  modifying: true,
  errors: true,
  validate: validateStorableContent,
};

/** The body of POST and PATCH /api/messages, validated by Fastify before the handler runs: unknown fields are refused. */
export const messageBodySchema = {
  type: 'object',
  properties: { content: { type: 'string', [STORABLE_CONTENT]: true } },
  required: ['content'],
  additionalProperties: false,
} as const;

/**
 * Documents the `content` field of messageBodySchema in the OpenAPI document: a string, trimmed, 1–500 characters
 * (code points) after trimming, valid Unicode, without control, bidirectional-control or invisible characters (see
 * contentProblem and docs/security.md).
 */
export function MessageContent(): PropertyDecorator {
  return ApiProperty({
    description:
      `Trimmed; 1–${MAX_CONTENT_LENGTH} characters (Unicode code points) after trimming. Refused: lone ` +
      'surrogates, control characters other than tab and line breaks, bidirectional embeddings, overrides and ' +
      'isolates (U+202A–U+202E, U+2066–U+2069), and invisible characters (U+200B, U+2060–U+2064, U+FEFF).',
    ...messageBodySchema.properties.content,
    minLength: 1,
    maxLength: MAX_CONTENT_LENGTH,
    example: 'Hello, world!',
  });
}
