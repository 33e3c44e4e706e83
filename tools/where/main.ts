/**
 * `tsx tools/where/main.ts <address> [--stack <stack>] [--out cdktf.out]` (make where ADDR=...):
 * from a Terraform address to the code that made it. Exit 1 when the address is unknown or a
 * segment's id is not a literal.
 */
import path from 'node:path';
import { indexSources, sourceFiles } from './id-sites';
import { synthBlocks } from './synth-addresses';
import { where } from './where';

const root = path.join(__dirname, '..', '..');
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const stack = option('--stack');
const outdir = path.resolve(option('--out') ?? path.join(root, 'cdktf.out'));
const address = args[0];

if (!address) {
  console.error(
    'where: give a Terraform address: make where ADDR=dev-app/aws_ecs_service.api_service_298EA376 (or ADDR=aws_ecs_service.api_service_298EA376 STACK=dev-app)',
  );
  process.exit(2);
}
try {
  const index = indexSources(root, sourceFiles(root, ['stacks', 'modules']));
  const answer = where(synthBlocks(outdir), index, address, stack);
  for (const line of answer.out) console.log(line);
  for (const line of answer.errors) console.error(line);
  process.exit(answer.ok ? 0 : 1);
} catch (error) {
  console.error(`where: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
