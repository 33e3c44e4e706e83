import { TerraformDataSource, type TerraformResource } from 'cdktf';

/**
 * Why a checkov finding is accepted. Kept small on purpose; tools/audit refuses any other value.
 *
 * - `cost`: a cheaper (or lighter to tear down) choice that only a non-production profile makes.
 *   The audit refuses it in a stack whose stage is `production`: there the control must be on.
 * - `design`: the finding does not apply to how this resource is used; the reason says why.
 * - `unsupported`: AWS does not offer the control for this resource (or this use of it).
 * - `tool`: checkov misreads the configuration (a false positive), e.g. an identity-policy check
 *   run on a KMS key policy.
 */
export const JUSTIFICATION_CATEGORIES = ['cost', 'design', 'unsupported', 'tool'] as const;
export type JustificationCategory = (typeof JUSTIFICATION_CATEGORIES)[number];

/** A checkov check id: `CKV_AWS_157`, `CKV2_AWS_5`, or one of ours, `CKV2_SKYPORT_1`. */
export const CHECK_ID_PATTERN = /^CKV2?_[A-Z0-9]+_\d+$/;

export interface CheckJustification {
  /** The checkov check id the finding has, e.g. `CKV_AWS_157`. */
  readonly check: string;
  /** What kind of reason it is; see JUSTIFICATION_CATEGORIES. */
  readonly because: JustificationCategory;
  /** Why the finding is accepted here: a sentence an auditor can verify against the code. */
  readonly reason: string;
}

/**
 * The shape checkov uses for skips in CloudFormation metadata, written under the block's `"//"`
 * key. checkov's terraform_json runner ignores it (see docs/audit.md): tools/audit turns it into a
 * per-stack baseline. `because` is ours; checkov would ignore it.
 */
export interface CheckovSkip {
  readonly id: string;
  readonly comment: string;
  readonly because: JustificationCategory;
}

type Justifiable = TerraformResource | TerraformDataSource;

const skipsByBlock = new WeakMap<Justifiable, CheckovSkip[]>();

/**
 * Records, on the block that causes it, why a checkov finding is accepted. Call it where the
 * choice is made and only when it is made (e.g. `if (!multiAz) justifyCheck(instance, ...)`), so
 * the justification disappears with the finding. Calling it again for the same block appends.
 *
 * Throws at synth time on a malformed check id, an unknown category, an empty reason, or a second
 * justification of the same check on the same block.
 */
export function justifyCheck(block: Justifiable, justification: CheckJustification): void {
  const where = `justifyCheck(${block.node.path})`;
  const { check, because } = justification;
  if (!CHECK_ID_PATTERN.test(check)) {
    throw new Error(
      `${where}: check "${check}" is not a checkov check id such as "CKV_AWS_157" or "CKV2_AWS_5"`,
    );
  }
  if (!(JUSTIFICATION_CATEGORIES as readonly string[]).includes(because)) {
    throw new Error(
      `${where}: ${check} has because "${String(because)}"; use one of ${JUSTIFICATION_CATEGORIES.join(', ')}`,
    );
  }
  const reason = typeof justification.reason === 'string' ? justification.reason.trim() : '';
  if (reason.length === 0) {
    throw new Error(`${where}: ${check} needs a reason: say why the finding is accepted here`);
  }
  const skips = skipsByBlock.get(block) ?? [];
  if (skips.some((skip) => skip.id === check)) {
    throw new Error(`${where}: ${check} is already justified on this block`);
  }
  const first = skips.length === 0;
  skips.push({ id: check, comment: reason, because });
  if (TerraformDataSource.isTerraformDataSource(block)) {
    if (first) keepSkipsOnDataSource(block, skips);
  } else {
    // A resource merges an override of "//" with the construct metadata CDKTF writes there.
    block.addOverride(
      '//.checkov.skip',
      skips.map((skip) => ({ ...skip })),
    );
  }
  skipsByBlock.set(block, skips);
}

/** The justifications recorded on a block, in the order they were made. */
export function justificationsOf(block: Justifiable): CheckJustification[] {
  return (skipsByBlock.get(block) ?? []).map(({ id, comment, because }) => ({
    check: id,
    because,
    reason: comment,
  }));
}

/**
 * CDKTF 0.21 replaces a data source's "//" with the construct metadata after applying overrides
 * (resources merge the two), so an override of "//" never reaches the JSON. Add the skips to the
 * synthesized block instead; `skips` is the live list, so later justifications are included.
 */
function keepSkipsOnDataSource(dataSource: TerraformDataSource, skips: CheckovSkip[]): void {
  const addSkips = (synthesized: Record<string, unknown>): Record<string, unknown> => {
    const byType = synthesized.data as Record<string, Record<string, Record<string, unknown>>>;
    const block = byType[dataSource.terraformResourceType]?.[dataSource.friendlyUniqueId];
    if (block) {
      const comment = (block['//'] ?? {}) as Record<string, unknown>;
      block['//'] = { ...comment, checkov: { skip: skips.map((skip) => ({ ...skip })) } };
    }
    return synthesized;
  };
  const toTerraform = dataSource.toTerraform.bind(dataSource);
  const toHclTerraform = dataSource.toHclTerraform.bind(dataSource);
  dataSource.toTerraform = () => addSkips(toTerraform() as Record<string, unknown>);
  dataSource.toHclTerraform = () => addSkips(toHclTerraform() as Record<string, unknown>);
}
