import { outboxStatement } from './outbox-statement';
import { MESSAGE_TYPES } from './message-types';

const write = (id: string) => ({
  change: { table: 'contact_messages', columns: ['id', 'name'], values: [id, `name ${id}`] },
  entry: { id, type: MESSAGE_TYPES.contactReceived, payload: { id } },
});

describe('outboxStatement', () => {
  it('inserts every row and its outbox message in one data-modifying CTE', () => {
    const statement = outboxStatement([write('a'), write('b')]);
    expect(statement.text).toBe(
      'WITH "change" AS (INSERT INTO "contact_messages" ("id", "name") VALUES ($1, $2), ($3, $4)) ' +
        'INSERT INTO "outbox_messages" ("id", "topic", "payload") VALUES ($5, $6, $7::jsonb), ($8, $9, $10::jsonb)',
    );
    expect(statement.values).toEqual([
      'a',
      'name a',
      'b',
      'name b',
      'a',
      'contact.received',
      '{"id":"a"}',
      'b',
      'contact.received',
      '{"id":"b"}',
    ]);
  });

  it('refuses writes to different tables or with a value missing', () => {
    const other = { ...write('b'), change: { ...write('b').change, table: 'projects' } };
    expect(() => outboxStatement([write('a'), other])).toThrow(/contact_messages\(id,name\)/);
    const short = { ...write('b'), change: { ...write('b').change, values: ['b'] } };
    expect(() => outboxStatement([short])).toThrow(/one value per column/);
  });
});
