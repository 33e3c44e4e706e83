import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TerraformStack, type App } from 'cdktf';
import { formatHcl } from './format-hcl';
import { repairHcl } from './repair-hcl';

/**
 * Where a stack's HCL rendering goes, relative to the synth output folder. A folder of its own
 * below the stack's, because Terraform reads every *.tf and *.tf.json of a folder: next to
 * cdk.tf.json it would declare everything twice for plan, deploy and validate, which run in the
 * stack's folder and never look into subfolders (decision 0022).
 */
export const hclPath = (stack: string): string => path.join('stacks', stack, 'hcl', 'cdk.tf');

/**
 * Writes every stack's HCL rendering (CDKTF's renderer, repaired where it is wrong and laid out as
 * `terraform fmt` would) to
 * `<outdir>/stacks/<stack>/hcl/cdk.tf`, next to the JSON that synth wrote. Runs after `app.synth()`:
 * the stacks are prepared and their aspects applied, so the HCL declares what the JSON declares.
 */
export function writeHcl(app: App, outdir: string): void {
  const stacks = app.node.findAll().filter((node) => TerraformStack.isStack(node));
  for (const stack of stacks) {
    const file = path.join(outdir, hclPath(stack.node.id));
    mkdirSync(path.dirname(file), { recursive: true });
    const { hcl } = stack.toHclTerraform() as { hcl: string };
    writeFileSync(file, formatHcl(repairHcl(hcl)));
  }
}
