import { QueryFailedError } from 'typeorm';
import { loggableError } from './http-exception.filter';

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
