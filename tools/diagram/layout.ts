/**
 * The grouping both renderers draw: the Internet alone, then one group per tier (the subnet tiers
 * inside one VPC group), and inside each tier one group per stack.
 */
import {
  TIERS,
  VPC_TIERS,
  type Architecture,
  type DiagramNode,
  type EdgeKind,
  type Tier,
} from './architecture';

export interface StackGroup {
  readonly id: string;
  readonly stack: string;
  readonly nodes: readonly DiagramNode[];
}

export interface TierGroup {
  readonly id: string;
  readonly tier: Tier;
  readonly label: string;
  /** Nodes that belong to no stack (AWS's own APIs). */
  readonly loose: readonly DiagramNode[];
  readonly stacks: readonly StackGroup[];
}

export interface Layout {
  readonly outside: readonly DiagramNode[];
  readonly beforeVpc: readonly TierGroup[];
  readonly vpc: readonly TierGroup[];
  readonly afterVpc: readonly TierGroup[];
}

export function layout(architecture: Architecture): Layout {
  const groups: TierGroup[] = [];
  for (const { tier, label } of TIERS) {
    if (tier === 'outside') continue;
    const inTier = architecture.nodes.filter((n) => n.tier === tier);
    if (inTier.length === 0) continue;
    const stacks = architecture.stacks
      .map((stack) => ({
        id: safeId(`group_${tier}_${stack}`),
        stack,
        nodes: inTier.filter((n) => n.stack === stack),
      }))
      .filter((g) => g.nodes.length > 0);
    groups.push({
      id: `group_${tier}`,
      tier,
      label,
      loose: inTier.filter((n) => n.stack === undefined),
      stacks,
    });
  }
  const firstVpc = groups.findIndex((g) => VPC_TIERS.has(g.tier));
  const vpc = groups.filter((g) => VPC_TIERS.has(g.tier));
  return {
    outside: architecture.nodes.filter((n) => n.tier === 'outside'),
    beforeVpc: groups.filter((g, i) => !VPC_TIERS.has(g.tier) && (firstVpc < 0 || i < firstVpc)),
    vpc,
    afterVpc: groups.filter((g, i) => !VPC_TIERS.has(g.tier) && firstVpc >= 0 && i > firstVpc),
  };
}

/** What each kind of edge means, for the legend under the picture. */
export const EDGE_MEANING: Readonly<Record<EdgeKind, string>> = {
  traffic:
    'requests flow (DNS alias, origin, listener, API integration, a data address given to the task, default route), with the ports the security groups open for them',
  'security-group': 'a security-group rule admits connections no traffic edge explains (port)',
  iam: 'a task role may call this AWS API',
  attachment: 'runs as, or filters requests to',
};

/**
 * The line under a picture. It names no resource counts: those change with every alarm or policy
 * a stack gains, and the picture would go stale for changes it does not show (make diagram prints
 * them instead).
 */
export function caption(architecture: Architecture): string {
  return (
    `${architecture.environment}: ${architecture.stacks.join(', ')}. ` +
    'Left out: IAM policies, alarms, log groups, keys, secrets, subnets and route tables.'
  );
}

export function safeId(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}
