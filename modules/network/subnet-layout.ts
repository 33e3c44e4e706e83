import { formatCidr, subdivide, type Cidr } from '../validation/cidr';

/** The three subnet tiers, from most to least exposed. */
export const TIERS = ['public', 'private', 'isolated'] as const;
export type Tier = (typeof TIERS)[number];

/** The most AZs the layout has room for: each tier block holds four subnets. */
export const MAX_AZ_COUNT = 4;

/**
 * Carves the VPC range into subnets so nobody hand-lists CIDRs: the range is split into four
 * equal tier blocks (public, private, isolated, and one kept free for later), and each tier
 * block into four equal subnets, one per AZ. A /16 gives /18 tiers and /20 subnets (4091 usable
 * addresses each); a /24, the smallest VPC allowed, gives /28 subnets (11 usable).
 */
export interface SubnetLayout {
  /** The block that holds every subnet of a tier (one NACL rule can name the whole tier). */
  readonly tierCidr: Record<Tier, string>;
  /** Subnet CIDRs per tier, indexed by AZ. */
  readonly subnetCidrs: Record<Tier, string[]>;
}

export function subnetLayout(vpc: Cidr, azCount: number): SubnetLayout {
  if (vpc.prefix + 4 > 28) {
    throw new Error(
      `a /${vpc.prefix} VPC is too small for three tiers of /${vpc.prefix + 4} subnets; use /24 or larger`,
    );
  }
  const tierBlock = (tier: Tier) => subdivide(vpc, 2, TIERS.indexOf(tier));
  const entries = TIERS.map((tier) => {
    const block = tierBlock(tier);
    const subnets = Array.from({ length: azCount }, (_, az) => formatCidr(subdivide(block, 2, az)));
    return [tier, formatCidr(block), subnets] as const;
  });
  return {
    tierCidr: Object.fromEntries(entries.map(([tier, block]) => [tier, block])) as Record<
      Tier,
      string
    >,
    subnetCidrs: Object.fromEntries(entries.map(([tier, , subnets]) => [tier, subnets])) as Record<
      Tier,
      string[]
    >,
  };
}
