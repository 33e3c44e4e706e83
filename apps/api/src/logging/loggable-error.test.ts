import { QueryFailedError } from 'typeorm';
import { createLogger } from './logger';
import { loggableError } from './loggable-error';

describe('loggableError', () => {
  it('keeps type, message, code and stack but never the query parameters or detail', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      detail: 'Key (email)=(ada@example.com) already exists.',
    });
    const error = new QueryFailedError(
      'INSERT INTO contact_messages (name, email, message) VALUES ($1, $2, $3)',
      ['Ada', 'ada@example.com', 'a private message'],
      driverError,
    );
    const logged = JSON.stringify(loggableError(error));
    expect(loggableError(error)).toMatchObject({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint',
      code: '23505',
    });
    expect(logged).not.toContain('ada@example.com');
    expect(logged).not.toContain('a private message');
    expect(logged).not.toContain('INSERT INTO');
  });

  it('describes a thrown non-error by its type only', () => {
    expect(loggableError('secret string')).toEqual({ type: 'string' });
  });
});

describe('the logger', () => {
  it('writes errors through loggableError, whatever the call site', () => {
    const lines: string[] = [];
    const logger = createLogger('info', 'test', { write: (line: string) => lines.push(line) });
    const error = Object.assign(new Error('insert failed'), {
      parameters: ['ada@example.com', 'a private message'],
    });
    logger.error({ err: error }, 'failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"message":"insert failed"');
    expect(lines[0]).not.toContain('ada@example.com');
  });
});
