import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type JestResults } from './summarize';

/** The Jest results (`<workspace>/test-results/jest.json`) of every workspace that wrote them. */
export function readJestResults(root: string): Map<string, JestResults> {
  const workspaces = (
    JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] }
  ).workspaces;
  const tests = new Map<string, JestResults>();
  for (const workspace of workspaces) {
    const file = path.join(root, workspace, 'test-results', 'jest.json');
    if (existsSync(file))
      tests.set(workspace, JSON.parse(readFileSync(file, 'utf8')) as JestResults);
  }
  return tests;
}
