/** One step of a long command: it says what it does before it starts and how it went after. */
export interface Step {
  readonly title: string;
  /** Returns a few words on what happened ("3 added, 1 changed"). */
  readonly run: () => Promise<string>;
  /** Where to read more when it fails. */
  readonly log?: string;
}

export class StepFailed extends Error {
  constructor(
    readonly index: number,
    readonly total: number,
    readonly step: Step,
    override readonly cause: Error,
  ) {
    super(cause.message);
  }
}

export const duration = (seconds: number) =>
  seconds < 60
    ? `${seconds.toFixed(1)} s`
    : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;

/** Runs the steps in order; the first that throws stops the rest (StepFailed says which). */
export async function runSteps(
  command: string,
  steps: readonly Step[],
  log: (line: string) => void,
): Promise<void> {
  for (const [index, step] of steps.entries()) {
    const label = `${command}: [${index + 1}/${steps.length}] ${step.title}`;
    log(`${label} ...`);
    const started = Date.now();
    try {
      const outcome = await step.run();
      log(`${label}: ${outcome} (${duration((Date.now() - started) / 1000)})`);
    } catch (error) {
      log(`${label}: FAILED after ${duration((Date.now() - started) / 1000)}`);
      throw new StepFailed(index + 1, steps.length, step, error as Error);
    }
  }
}
