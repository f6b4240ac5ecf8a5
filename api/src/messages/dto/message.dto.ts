import { ApiProperty } from '@nestjs/swagger';

export class MessageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Hello, world!' })
  content!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto], description: 'Newest first' })
  items!: MessageDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` to get the next (older) page; null on the last page',
  })
  nextCursor!: string | null;
}
