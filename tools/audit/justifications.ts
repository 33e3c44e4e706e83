import { blocksOf, type Stack } from './stacks';

/**
 * The categories justifyCheck (modules/audit) accepts. Kept in step with it by a test: the audit
 * re-checks what the JSON says, since anything could have written it.
 */
export const CATEGORIES = ['cost', 'design', 'unsupported', 'tool'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CHECK_ID = /^CKV2?_[A-Z0-9]+_\d+$/;

/** The only stage in which a `cost` justification is accepted. */
export const COST_STAGE = 'development';

/** A checkov finding accepted on one block of one stack, and why. */
export interface Justification {
  readonly stack: string;
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  readonly check: string;
  readonly because: Category;
  readonly reason: string;
  /** `code`: written by a construct (justifyCheck); `cross-stack`: derived by the audit. */
  readonly source: 'code' | 'cross-stack';
}

/** A justification the audit refuses, with what to do about it. */
export interface Problem {
  readonly stack: string;
  readonly address: string;
  readonly check: string;
  readonly message: string;
}

/** The Terraform address of the justified block: `aws_db_instance.x` or `data.aws_region.x`. */
export function addressOf(j: Pick<Justification, 'kind' | 'type' | 'name'>): string {
  return `${j.kind === 'data' ? 'data.' : ''}${j.type}.${j.name}`;
}

/**
 * The names checkov gives the block in its results, which a baseline must match exactly:
 * Python checks say `resource.<name>` (`data.<name>` for data sources), graph (YAML) checks say
 * `<type>.<name>` for both (verified with checkov 3.3.30 on terraform_json).
 */
export function checkovAddresses(j: Pick<Justification, 'kind' | 'type' | 'name'>): string[] {
  return [`${j.kind}.${j.name}`, `${j.type}.${j.name}`];
}

interface RawSkip {
  id?: unknown;
  comment?: unknown;
  because?: unknown;
}

/**
 * Reads every `"//".checkov.skip` entry of a stack's resources and data sources, and refuses
 * those the audit cannot accept: a malformed check id, no reason, an unknown category, the same
 * check twice on a block, or `cost` in a stack whose stage is not `development` (a production
 * stack, or one without stage metadata).
 */
export function collectJustifications(stack: Stack): {
  justifications: Justification[];
  problems: Problem[];
} {
  const justifications: Justification[] = [];
  const problems: Problem[] = [];
  for (const { kind, type, name, block } of blocksOf(stack.json)) {
    const comment = block['//'] as { checkov?: { skip?: unknown } } | undefined;
    const skips = comment?.checkov?.skip;
    if (skips === undefined) continue;
    const address = addressOf({ kind, type, name });
    const refuse = (check: string, message: string) =>
      problems.push({ stack: stack.name, address, check, message });
    if (!Array.isArray(skips)) {
      refuse('?', '"//".checkov.skip must be a list; write justifications with justifyCheck()');
      continue;
    }
    const seen = new Set<string>();
    for (const raw of skips as RawSkip[]) {
      const check = typeof raw?.id === 'string' ? raw.id : '';
      if (!CHECK_ID.test(check)) {
        refuse(
          check || JSON.stringify(raw?.id ?? null),
          'not a checkov check id (e.g. CKV_AWS_157, CKV2_AWS_5): fix the id passed to justifyCheck()',
        );
        continue;
      }
      if (seen.has(check)) {
        refuse(check, 'justified twice on this block: keep one justifyCheck() call');
        continue;
      }
      seen.add(check);
      const reason = typeof raw.comment === 'string' ? raw.comment.trim() : '';
      if (reason.length === 0) {
        refuse(
          check,
          'has no reason: pass a reason to justifyCheck() that says why the finding is accepted here',
        );
        continue;
      }
      const because = raw.because;
      if (!(CATEGORIES as readonly unknown[]).includes(because)) {
        refuse(
          check,
          `has because "${String(because)}": use one of ${CATEGORIES.join(', ')} (see docs/audit.md)`,
        );
        continue;
      }
      if (because === 'cost' && stack.stage !== COST_STAGE) {
        const stage =
          stack.stage === undefined ? 'has no stage metadata' : `is a ${stack.stage} stack`;
        refuse(
          check,
          `is justified by cost, but ${stack.name} ${stage}: turn the control on in this profile (stacks/config/environments.ts) so the construct stops justifying it, or give a true non-cost reason`,
        );
        continue;
      }
      justifications.push({
        stack: stack.name,
        kind,
        type,
        name,
        check,
        because: because as Category,
        reason,
        source: 'code',
      });
    }
  }
  return { justifications, problems };
}
