import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type JestResults } from './summarize';

/** The Jest results (`<workspace>/test-results/jest*.json`) of every workspace that wrote them. */
export function readJestResults(root: string): Map<string, JestResults> {
  const workspaces = (
    JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] }
  ).workspaces;
  const tests = new Map<string, JestResults>();
  for (const workspace of workspaces) {
    const dir = path.join(root, workspace, 'test-results');
    if (!existsSync(dir)) continue;
    // jest.json from `npm test`; jest-<suite>.json from suites run elsewhere (make validate's deploy-e2e).
    for (const file of readdirSync(dir).sort()) {
      const suite = /^jest(?:-([a-z0-9-]+))?\.json$/.exec(file);
      if (!suite) continue;
      const results = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as JestResults;
      tests.set(suite[1] ? `${workspace} (${suite[1]})` : workspace, results);
    }
  }
  return tests;
}
