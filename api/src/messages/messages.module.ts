import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../database/database.module.js';
import { IdempotencyKey } from './idempotency-key.entity.js';
import { Message } from './message.entity.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';

@Module({
  imports: [DatabaseModule, TypeOrmModule.forFeature([Message, IdempotencyKey])],
  controllers: [MessagesController],
  providers: [MessagesService],
})
export class MessagesModule {}
