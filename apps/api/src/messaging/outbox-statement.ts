import type { MessageType } from './message-types';

export interface OutboxEntry {
  /** The message id end to end; usually the id of the row the message is about. */
  readonly id: string;
  readonly type: MessageType;
  readonly payload: Record<string, unknown>;
}

/** A row to insert, announced by an outbox message; table and column names are code, not input. */
export interface OutboxChange {
  readonly table: string;
  /** Column names, in the order of `values`. */
  readonly columns: readonly string[];
  readonly values: readonly unknown[];
}

export interface OutboxWrite {
  readonly change: OutboxChange;
  readonly entry: OutboxEntry;
}

export interface Statement {
  readonly text: string;
  readonly values: unknown[];
}

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The key under which writes can share one statement: same table, same columns. */
export function batchKey(change: OutboxChange): string {
  return `${change.table}(${change.columns.join(',')})`;
}

/**
 * ONE statement that inserts every write's row and its outbox message: a data-modifying CTE,
 * `WITH "change" AS (INSERT INTO <table> … VALUES (…), (…)) INSERT INTO "outbox_messages" … VALUES
 * (…), (…)`. PostgreSQL runs a statement atomically, so all the rows commit or none does, as in a
 * BEGIN … COMMIT transaction, in one round trip. All writes must share a batchKey.
 */
export function outboxStatement(writes: readonly OutboxWrite[]): Statement {
  const first = writes[0];
  if (!first) throw new Error('outboxStatement needs at least one write');
  const key = batchKey(first.change);
  const values: unknown[] = [];
  const placeholder = (value: unknown, cast = ''): string => {
    values.push(value);
    return `$${values.length}${cast}`;
  };
  const changeRows = writes.map(({ change }) => {
    if (batchKey(change) !== key || change.values.length !== change.columns.length) {
      throw new Error(`outboxStatement: every write must insert into ${key}, one value per column`);
    }
    return `(${change.values.map((value) => placeholder(value)).join(', ')})`;
  });
  const outboxRows = writes.map(
    ({ entry }) =>
      `(${placeholder(entry.id)}, ${placeholder(entry.type)}, ${placeholder(JSON.stringify(entry.payload), '::jsonb')})`,
  );
  const text =
    `WITH "change" AS (INSERT INTO ${quoted(first.change.table)} ` +
    `(${first.change.columns.map(quoted).join(', ')}) VALUES ${changeRows.join(', ')}) ` +
    `INSERT INTO "outbox_messages" ("id", "topic", "payload") VALUES ${outboxRows.join(', ')}`;
  return { text, values };
}
