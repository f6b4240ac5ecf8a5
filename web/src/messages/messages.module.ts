import { Module } from '@nestjs/common';
import { ApiClientModule } from '../api-client/api-client.module.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';

@Module({
  imports: [ApiClientModule],
  controllers: [MessagesController],
  providers: [MessagesService],
})
export class MessagesModule {}
