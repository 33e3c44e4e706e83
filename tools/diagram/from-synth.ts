import { buildArchitecture, type Architecture } from './architecture';
import { readEnvironments } from './environment-stacks';
import { SynthGraph } from './synth-graph';

/** One architecture per environment of a synth output folder, in manifest order. */
export function architecturesFromSynth(outdir: string): Architecture[] {
  return readEnvironments(outdir).map(({ environment, stacks }) =>
    buildArchitecture(environment, new SynthGraph(stacks)),
  );
}
