// Imports zod only, never NestJS: db, migrator and stack use it too.
export * from './env-config.js';
export * from './http-service-env.js';
