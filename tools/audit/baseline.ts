import { checkovAddresses, type Justification } from './justifications';

/** One finding of a checkov baseline; `justifications` is ours (checkov ignores extra keys). */
export interface BaselineFinding {
  readonly resource: string;
  readonly check_ids: string[];
  readonly justifications: { check: string; because: string; reason: string; source: string }[];
}

/** checkov's `--baseline` format. checkov matches findings on resource and check id only. */
export interface Baseline {
  readonly failed_checks: { file: string; findings: BaselineFinding[] }[];
}

/**
 * The baseline of one stack: every justified check under both names checkov may give the block
 * (see checkovAddresses), so Python and graph checks are both matched. Sorted, so the file only
 * changes when a justification does.
 */
export function baselineFor(justifications: readonly Justification[]): Baseline {
  const byResource = new Map<string, BaselineFinding>();
  for (const j of justifications) {
    for (const resource of checkovAddresses(j)) {
      const finding = byResource.get(resource) ?? { resource, check_ids: [], justifications: [] };
      finding.check_ids.push(j.check);
      finding.justifications.push({
        check: j.check,
        because: j.because,
        reason: j.reason,
        source: j.source,
      });
      byResource.set(resource, finding);
    }
  }
  const findings = [...byResource.values()]
    .map((finding) => ({
      ...finding,
      check_ids: [...finding.check_ids].sort(),
      justifications: [...finding.justifications].sort((a, b) => a.check.localeCompare(b.check)),
    }))
    .sort((a, b) => a.resource.localeCompare(b.resource));
  return { failed_checks: findings.length > 0 ? [{ file: '/cdk.tf.json', findings }] : [] };
}
