/** `reports/review/<env>/review.json`: what `make review` found, for machines (the plan comment reads it). */
import type { CostChange } from './cost';
import type { Finding } from './finding';
import type { StackReview } from './review';

export interface ReviewSource {
  readonly kind: 'plan' | 'synth';
  /** The saved plans' folder, or the base synth folder. */
  readonly from: string;
  /** The head synth folder (synth), or the commit the plans were made at (plan). */
  readonly to: string;
  /** What the reader should know about this input (e.g. replace is inferred). */
  readonly note: string;
}

export interface ReviewJson {
  readonly environment: string;
  readonly generatedAt: string;
  readonly source: ReviewSource;
  readonly stacks: readonly StackReview[];
  readonly findings: readonly Finding[];
  /** Undefined when the cost could not be computed; `costNote` says why. */
  readonly cost?: CostChange;
  readonly costNote?: string;
  /** True when ACK=broadening (or --approve broadening) acknowledged the findings. */
  readonly acknowledged: boolean;
}
