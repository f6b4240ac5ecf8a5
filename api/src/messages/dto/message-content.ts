import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, ValidateBy } from 'class-validator';

export const MAX_CONTENT_LENGTH = 500;

/** Characters as Postgres counts them for varchar(500): code points, so an emoji is one, not two. */
function isStorableContent(value: unknown): boolean {
  if (typeof value !== 'string' || value.includes('\0')) return false; // Postgres text cannot hold NUL
  const length = [...value].length;
  return length >= 1 && length <= MAX_CONTENT_LENGTH;
}

/** The `content` field: a string, trimmed, 1–500 characters after trimming, no NUL characters. */
export function MessageContent(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description: `Trimmed; 1–${MAX_CONTENT_LENGTH} characters after trimming`,
      minLength: 1,
      maxLength: MAX_CONTENT_LENGTH,
      example: 'Hello, world!',
    }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    ValidateBy({
      name: 'isStorableContent',
      validator: {
        validate: isStorableContent,
        defaultMessage: () =>
          `content must be between 1 and ${MAX_CONTENT_LENGTH} characters after trimming, without NUL characters`,
      },
    }),
  );
}
