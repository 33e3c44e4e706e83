import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildApp, synthWarnings } from './app';
import { writeHcl } from './hcl-output';

// `cdktf synth` passes its output folder in CDKTF_OUTDIR; `make synth` runs this file directly
// from stacks/, so default to the repository's cdktf.out either way.
const outdir = process.env.CDKTF_OUTDIR ?? path.resolve(__dirname, '..', 'cdktf.out');

/**
 * Removes the folders of stacks this synth did not write (an environment left out with ENV=, a
 * stack renamed), so cdktf.out holds exactly the manifest's stacks. Synth never deletes the whole
 * folder: plans and lock files live in .skyport/, but anything else a user keeps here survives.
 */
function removeStaleStacks(dir: string): void {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, unknown>;
  };
  const stacksDir = path.join(dir, 'stacks');
  for (const entry of readdirSync(stacksDir)) {
    if (!(entry in manifest.stacks)) rmSync(path.join(stacksDir, entry), { recursive: true });
  }
}

// `cdktf synth --hcl` makes CDKTF write cdk.tf instead of cdk.tf.json (plan, deploy and the audit
// then find no JSON), and the CLI afterwards runs its HCL formatter over whatever file the manifest
// names, so it cannot be told to keep the JSON. Refuse it before writing anything (decision 0022).
if (process.env.SYNTH_HCL_OUTPUT === 'true') {
  console.error(
    'synth: `cdktf synth --hcl` would replace every cdk.tf.json; run `cdktf synth` or `make synth`: every stack gets its HCL in cdktf.out/stacks/<stack>/hcl/cdk.tf as well',
  );
  process.exit(1);
}

try {
  const app = buildApp({ outdir, environments: process.env.SKYPORT_ENV, env: process.env });
  app.synth();
  // The JSON is what Terraform runs; the HCL beside it is for people reading and reviewing it.
  writeHcl(app, outdir);
  removeStaleStacks(outdir);
  for (const warning of synthWarnings(app)) console.warn(`synth: warning: ${warning}`);
} catch (error) {
  console.error(`synth: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
