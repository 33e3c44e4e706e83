/** A change that broadens access or weakens protection: one row of the review's security table. */

export type FindingKind = 'iam' | 'network' | 'public' | 'protection';

export const KIND_LABEL: Readonly<Record<FindingKind, string>> = {
  iam: 'IAM',
  network: 'network',
  public: 'public',
  protection: 'protection',
};

export interface Finding {
  readonly stack: string;
  readonly address: string;
  readonly kind: FindingKind;
  /** What broadened or weakened, in a few words: `actions added: s3:*`. */
  readonly change: string;
}
