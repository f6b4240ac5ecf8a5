import { Module } from '@nestjs/common';
import { ApiClient } from './api-client.service.js';

@Module({
  providers: [ApiClient],
  exports: [ApiClient],
})
export class ApiClientModule {}
