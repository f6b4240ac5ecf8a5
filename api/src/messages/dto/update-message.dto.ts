import { MessageContent } from './message-content.js';

export class UpdateMessageDto {
  @MessageContent()
  content!: string;
}
