import { ApiProperty } from '@nestjs/swagger';

/** The one shape of every error response. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['content must be between 1 and 500 characters after trimming'],
  })
  message!: string | string[];

  @ApiProperty({
    example: '3f2c1b8e-0d4a-4c1e-9f7a-2b6d8e0c1a3f',
    description: 'Also in the X-Request-Id header',
  })
  requestId!: string;
}
