import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import Fastify from 'fastify';
import { listMessagesQuerySchema } from '../messages/dto/list-messages.query.js';
import { messagePageSchema, messageSchema } from '../messages/dto/message.dto.js';
import { messageBodySchema, storableContentKeyword } from '../messages/dto/message-content.js';
import { registerSchemaValidation } from './schema-validation.js';

// The api's validators skip the meta-schema check at boot (see schema-validation.ts): it is made here instead.
describe("the api's route schemas", () => {
  it.each([
    ['the message body (POST, PATCH)', messageBodySchema],
    ['the list query', listMessagesQuerySchema],
    ['a message', messageSchema],
    ['a page of messages', messagePageSchema],
  ])('%s is valid JSON Schema', (_name, schema) => {
    const ajv = new Ajv({ keywords: [storableContentKeyword] });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(ajv.errors).toBeNull();
  });
});

describe('registerSchemaValidation', () => {
  it('still refuses, at boot, a route schema whose keyword has a value of the wrong type', async () => {
    const fastify = Fastify();
    registerSchemaValidation(fastify, []);
    fastify.post('/broken', { schema: { body: { type: 'object', required: 'content' } } }, async () => 'ok');
    await expect(fastify.ready()).rejects.toThrow(/required value must be/);
    await fastify.close();
  });
});
