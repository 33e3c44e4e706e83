import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config';

/** Every variable loadConfig reads, and which of them it refuses to start without. */
function variablesTheCodeReads(): { read: Set<string>; required: Set<string> } {
  const read = new Set<string>();
  const env: NodeJS.ProcessEnv = new Proxy(
    {},
    {
      get: (_target, key) => {
        if (typeof key === 'string') read.add(key);
        return undefined;
      },
      has: (_target, key) => {
        if (typeof key === 'string') read.add(key);
        return false;
      },
    },
  );
  let message = '';
  try {
    loadConfig(env);
  } catch (error) {
    message = (error as Error).message;
  }
  const required = new Set(
    [...message.matchAll(/- ([A-Z][A-Z0-9_]+) is not set/g)].map((m) => m[1] ?? ''),
  );
  return { read, required };
}

/** The README's configuration rows that describe apps/api: variables and the "when unset" cell. */
function readmeRows(): Array<{ names: string[]; whenUnset: string }> {
  const readme = readFileSync(path.join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Configuration'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `') && line.includes('`apps/api`'))
    .map((line) => {
      const [names = '', , whenUnset = ''] = line
        .split(' | ')
        .map((cell) => cell.replace(/^\| /, ''));
      return {
        names: [...names.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] ?? ''),
        whenUnset,
      };
    });
}

describe("the README's configuration table", () => {
  const { read, required } = variablesTheCodeReads();
  const rows = readmeRows();
  const documented = new Set(rows.flatMap((row) => row.names));

  it('lists every variable the API, worker and migrations read', () => {
    expect([...read].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('lists no variable the code does not read', () => {
    expect([...documented].filter((name) => !read.has(name))).toEqual([]);
  });

  it('says "required" exactly for the variables without which the API refuses to start', () => {
    expect(required.size).toBeGreaterThan(0);
    for (const row of rows) {
      const rowRequired = row.names.map((name) => required.has(name));
      // A row holds only required or only optional variables, and says which.
      expect({
        row: row.names,
        required: new Set(rowRequired).size === 1 ? rowRequired[0] : 'mixed',
      }).toEqual({
        row: row.names,
        required: row.whenUnset.startsWith('**required**'),
      });
    }
  });
});
