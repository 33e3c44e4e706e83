/** The review of one environment: its changes by stack, the security table, and the cost before and after. */
import { exposureFindings } from './exposure-findings';
import type { Finding } from './finding';
import { iamFindings } from './iam-findings';
import { networkFindings } from './network-findings';
import { protectionFindings } from './protection-findings';
import type { Action, Body, StackChanges } from './resource-change';

/** How to look up what the rest of a stack holds (the synth's head), for context only. */
export interface StackContext {
  /** The resources and arguments whose value references `address` (`aws_iam_role.x.assume_role_policy`). */
  readonly usedBy: (address: string) => readonly string[];
  /** A resource's arguments after the change, changed or not. */
  readonly headBody: (address: string) => Body | undefined;
}

export const NO_CONTEXT: StackContext = { usedBy: () => [], headBody: () => undefined };

export interface StackReview {
  readonly stack: string;
  readonly counts: Readonly<Record<Action, number>>;
  /** Addresses per action, for the per-stack detail. */
  readonly resources: Readonly<Record<Action, readonly string[]>>;
  readonly findings: readonly Finding[];
}

/** Every finding of one stack's changes, in the order of the security table. */
export function securityFindings(
  changes: StackChanges,
  context: StackContext = NO_CONTEXT,
): Finding[] {
  return [
    ...iamFindings(changes.changes, context.usedBy),
    ...networkFindings(changes.changes),
    ...exposureFindings(changes.changes, context.headBody),
    ...protectionFindings(changes.changes),
  ];
}

export function reviewStack(
  changes: StackChanges,
  context: StackContext = NO_CONTEXT,
): StackReview {
  const resources: Record<Action, string[]> = { create: [], update: [], replace: [], delete: [] };
  // IAM policy documents are data sources: their changes show in the security table, not as resources.
  for (const change of changes.changes)
    if (!change.address.startsWith('data.')) resources[change.action].push(change.address);
  return {
    stack: changes.stack,
    counts: {
      create: resources.create.length,
      update: resources.update.length,
      replace: resources.replace.length,
      delete: resources.delete.length,
    },
    resources,
    findings: securityFindings(changes, context),
  };
}
