import { buildArchitecture, type Architecture } from './architecture';
import { readEnvironments } from './environment-stacks';
import { stackArchitecture } from './stack-architecture';
import { SynthGraph } from './synth-graph';

/** One architecture per environment of a synth output folder, in manifest order. */
export function architecturesFromSynth(outdir: string): Architecture[] {
  return readEnvironments(outdir).map(({ environment, stacks }) =>
    buildArchitecture(environment, new SynthGraph(stacks)),
  );
}

export interface EnvironmentPictures {
  readonly environment: Architecture;
  /** Each stack of the environment drawn alone (tools/diagram/stack-architecture.ts), by stack id. */
  readonly stacks: ReadonlyMap<string, Architecture>;
}

/** One environment of a synth output folder, whole and stack by stack; undefined when it has no stacks. */
export function environmentPicturesFromSynth(
  outdir: string,
  environment: string,
): EnvironmentPictures | undefined {
  const found = readEnvironments(outdir).find((e) => e.environment === environment);
  if (!found) return undefined;
  const graph = new SynthGraph(found.stacks);
  const whole = buildArchitecture(environment, graph);
  return {
    environment: whole,
    stacks: new Map(
      found.stacks.map(({ stack }) => [stack, stackArchitecture(whole, graph, stack)]),
    ),
  };
}
