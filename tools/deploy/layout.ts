import path from 'node:path';

/**
 * Where the deploy commands read and write. Terraform works in `.skyport/terraform/<stack>`, three
 * levels below the root like `cdktf.out/stacks/<stack>`, so relative paths in the synthesized JSON
 * (the bootstrap stack's local state, the migration script) resolve the same way; synth never
 * touches `.skyport/`, so lock files, provider caches and saved plans survive a re-synth.
 */
export interface Layout {
  readonly root: string;
  /** The synthesized app (`cdktf.out`). */
  readonly outdir: string;
  readonly workRoot: string;
  readonly plansRoot: string;
  readonly logsRoot: string;
  readonly variablesDir: string;
  /** skyport.config.json */
  readonly configFile: string;
}

export function layoutAt(root: string, outdir = path.join(root, 'cdktf.out')): Layout {
  return {
    root,
    outdir,
    workRoot: path.join(root, '.skyport', 'terraform'),
    plansRoot: path.join(root, '.skyport', 'plans'),
    logsRoot: path.join(root, '.skyport', 'logs'),
    variablesDir: path.join(root, 'environments'),
    configFile: path.join(root, 'skyport.config.json'),
  };
}

export const REPOSITORY_LAYOUT = layoutAt(path.resolve(__dirname, '..', '..'));

export const workDir = (layout: Layout, stack: string) => path.join(layout.workRoot, stack);
export const plansDir = (layout: Layout, env: string) => path.join(layout.plansRoot, env);
export const logsDir = (layout: Layout, env: string) => path.join(layout.logsRoot, env);
export const variablesFile = (layout: Layout, env: string) =>
  path.join(layout.variablesDir, `${env}.tfvars`);

/** A path as a person types it from the repository root. */
export const shown = (layout: Layout, file: string) => path.relative(layout.root, file) || '.';
