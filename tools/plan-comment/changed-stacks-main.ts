/**
 * Usage: tsx tools/plan-comment/changed-stacks-main.ts <base cdktf.out> <head cdktf.out> [--json <file>]
 *
 * Prints the stacks whose Terraform JSON differs between two synths (see changed-stacks.ts), writes
 * the full result as JSON when asked (render-main.ts reads it), and, under GitHub Actions, appends
 * `stacks_<env>`, `environments` and `any` to $GITHUB_OUTPUT. A base with no stacks (its synth
 * failed, or it predates the stacks) makes every head stack count as added, so everything is planned.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareSynths, formatChanges, githubOutputs, readSynth } from './changed-stacks';

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const [baseDir, headDir] = args.filter(
  (_, index) => jsonAt < 0 || (index !== jsonAt && index !== jsonAt + 1),
);
if (!baseDir || !headDir || (jsonAt >= 0 && !jsonFile)) {
  console.error(
    'usage: tsx tools/plan-comment/changed-stacks-main.ts <base cdktf.out> <head cdktf.out> [--json <file>]',
  );
  process.exit(2);
}

try {
  const base = readSynth(path.resolve(baseDir));
  const head = readSynth(path.resolve(headDir));
  if (head.size === 0) {
    console.error(
      `changed-stacks: ${headDir} holds no stacks/<name>/cdk.tf.json: run \`make synth\` first`,
    );
    process.exit(1);
  }
  if (base.size === 0) {
    console.warn(
      `changed-stacks: ${baseDir} holds no stacks (did the base synth fail?): every stack counts as added`,
    );
  }
  const result = compareSynths(base, head);
  for (const line of formatChanges(result)) console.log(line);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
  const outputFile = process.env.GITHUB_OUTPUT;
  if (outputFile) {
    const environments = [...base.values(), ...head.values()]
      .map((stack) => stack.environment)
      .filter((env) => /^[a-z0-9][a-z0-9_-]*$/.test(env));
    appendFileSync(outputFile, `${githubOutputs(result, environments).join('\n')}\n`);
  }
} catch (error) {
  console.error(`changed-stacks: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
