import { contentProblem, MAX_CONTENT_LENGTH } from '@iac-experiment/platform';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, ValidateBy } from 'class-validator';

/**
 * The `content` field: a string, trimmed, 1–500 characters (code points) after trimming, valid Unicode, without
 * control, bidirectional-control or invisible characters (see contentProblem and docs/security.md).
 */
export function MessageContent(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description:
        `Trimmed; 1–${MAX_CONTENT_LENGTH} characters (Unicode code points) after trimming. Refused: lone ` +
        'surrogates, control characters other than tab and line breaks, bidirectional embeddings, overrides and ' +
        'isolates (U+202A–U+202E, U+2066–U+2069), and invisible characters (U+200B, U+2060–U+2064, U+FEFF).',
      minLength: 1,
      maxLength: MAX_CONTENT_LENGTH,
      example: 'Hello, world!',
    }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    ValidateBy({
      name: 'isStorableContent',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && contentProblem(value) === undefined,
        defaultMessage: (args) =>
          (typeof args?.value === 'string' && contentProblem(args.value)) ||
          `content must be between 1 and ${MAX_CONTENT_LENGTH} characters after trimming`,
      },
    }),
  );
}
