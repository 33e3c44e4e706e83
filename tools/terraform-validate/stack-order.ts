import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One stack as `cdktf.out/manifest.json` describes it. */
export interface ManifestStack {
  readonly name: string;
  readonly dependencies: readonly string[];
  /** Relative to the manifest's folder, e.g. `stacks/dev-app`. */
  readonly workingDirectory: string;
  readonly synthesizedStackPath: string;
}

export function readManifest(outdir: string): ManifestStack[] {
  const file = path.join(outdir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
    stacks: Record<string, ManifestStack>;
  };
  return Object.values(manifest.stacks);
}

/**
 * Orders stacks so that every stack comes after the stacks it depends on, which is the order to
 * apply them in (destroy is the reverse). `first` names stacks every other stack needs without the
 * manifest saying so (the bootstrap stack owns the state bucket every backend points at). Ties keep
 * the manifest's order, so the result is stable.
 */
export function deploymentOrder(
  stacks: readonly ManifestStack[],
  first: readonly string[] = [],
): ManifestStack[] {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  for (const stack of stacks) {
    for (const dependency of stack.dependencies) {
      if (!byName.has(dependency)) {
        throw new Error(`stack ${stack.name} depends on ${dependency}, which the manifest lacks`);
      }
    }
  }
  const ordered: ManifestStack[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stack: ManifestStack, trail: readonly string[]): void => {
    if (state.get(stack.name) === 'done') return;
    if (state.get(stack.name) === 'visiting') {
      throw new Error(`stack dependency cycle: ${[...trail, stack.name].join(' -> ')}`);
    }
    state.set(stack.name, 'visiting');
    const implicit = first.includes(stack.name) ? [] : first;
    for (const dependency of [...implicit, ...stack.dependencies]) {
      const target = byName.get(dependency);
      if (target) visit(target, [...trail, stack.name]);
    }
    state.set(stack.name, 'done');
    ordered.push(stack);
  };
  for (const name of first) {
    const stack = byName.get(name);
    if (stack) visit(stack, []);
  }
  for (const stack of stacks) visit(stack, []);
  return ordered;
}
