import { describe, expect, it } from '@jest/globals';
import { isDatabaseUnavailable } from './database-errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection reset', withCode('ECONNRESET')],
    ['unknown host', withCode('ENOTFOUND')],
    [
      'refused on every address',
      Object.assign(new AggregateError([withCode('ECONNREFUSED')]), { code: 'ECONNREFUSED' }),
    ],
    ['pool wait timed out', new Error('timeout exceeded when trying to connect')],
    ['connection dropped', new Error('Connection terminated unexpectedly')],
    ['client-side query timeout', new Error('Query read timeout')],
    [
      'server shutting down (57P01)',
      withCode('57P01', 'terminating connection due to administrator command'),
    ],
    ['server starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['statement timeout (57014)', withCode('57014', 'canceling statement due to statement timeout')],
    ['connection failure (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['deadlock (40P01)', withCode('40P01')],
  ])('is true for %s', (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a syntax error (42601)', withCode('42601', 'syntax error')],
    ['a unique violation (23505)', withCode('23505')],
    ['invalid text (22P02)', withCode('22P02')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a non-error', 'ECONNREFUSED'],
    ['undefined', undefined],
  ])('is false for %s', (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
