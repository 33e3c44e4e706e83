import path from 'node:path';
import { lintDockerfiles } from './dockerfile-lint';

// Usage: tsx tools/audit/dockerfiles.ts. Lints the repository's Dockerfiles (see
// dockerfile-lint.ts); exit status 1 when one breaks a rule.
const root = path.resolve(__dirname, '..', '..');
const { files, problems } = lintDockerfiles(root);
for (const problem of problems) console.log(`  ${problem}`);
console.log(
  files.length === 0
    ? 'dockerfiles: no Dockerfile in the repository, nothing to lint'
    : `dockerfiles: ${files.length} checked (${files.join(', ')}), ${problems.length} problem(s)`,
);
process.exitCode = problems.length === 0 ? 0 : 1;
