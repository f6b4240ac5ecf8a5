import { MessageContent } from './message-content.js';

export class CreateMessageDto {
  @MessageContent()
  content!: string;
}
