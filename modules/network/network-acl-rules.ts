import type { Tier } from './subnet-layout';

/** One stateless NACL entry: every entry here allows; anything no entry matches is denied. */
export interface AclRule {
  readonly ruleNo: number;
  /** `tcp`, `udp`, `icmp` (type and code below) or `-1` (all protocols, ports ignored). */
  readonly protocol: 'tcp' | 'udp' | 'icmp' | '-1';
  readonly cidrBlock: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
}

export interface TierAclRules {
  readonly ingress: readonly AclRule[];
  readonly egress: readonly AclRule[];
}

export interface AclContext {
  /** The whole VPC range. */
  readonly vpcCidr: string;
  /** The block holding every isolated subnet. */
  readonly isolatedCidr: string;
  /** TCP ports the data tier serves to the rest of the VPC. */
  readonly dataPorts: readonly number[];
}

const INTERNET = '0.0.0.0/0';

const all = (ruleNo: number, cidrBlock: string): AclRule => ({
  ruleNo,
  protocol: '-1',
  cidrBlock,
  fromPort: 0,
  toPort: 0,
});

const tcp = (ruleNo: number, cidrBlock: string, fromPort: number, toPort = fromPort): AclRule => ({
  ruleNo,
  protocol: 'tcp',
  cidrBlock,
  fromPort,
  toPort,
});

const udp = (ruleNo: number, cidrBlock: string, fromPort: number, toPort: number): AclRule => ({
  ruleNo,
  protocol: 'udp',
  cidrBlock,
  fromPort,
  toPort,
});

/**
 * Replies to connections a subnet opened to the internet: TCP and UDP (DNS, NTP, QUIC) on the
 * ephemeral ports (1024-65535, the range NAT gateways use; Linux picks from 32768-60999), and
 * ICMP "fragmentation needed" so path-MTU discovery works. A NAT gateway may pick any port of the
 * range, 3389 included, so the range has no holes: security groups, which are stateful, are
 * what keep unsolicited traffic to such ports out.
 */
const internetReplies = (ruleNo: number): AclRule[] => [
  tcp(ruleNo, INTERNET, 1024, 65535),
  udp(ruleNo + 10, INTERNET, 1024, 65535),
  {
    ruleNo: ruleNo + 20,
    protocol: 'icmp',
    cidrBlock: INTERNET,
    fromPort: 0,
    toPort: 0,
    icmpType: 3,
    icmpCode: 4,
  },
];

/**
 * Network ACL rules per tier. NACLs are stateless, so every flow needs a rule each way; security
 * groups (stateful) stay the fine-grained control, and these rules guard the tier boundaries:
 *
 * - public: the internet may open only 80 and 443 (ALB) and send replies on ephemeral ports;
 *   ports below 1024 other than those (SSH, SMB, ...) are closed to it;
 *   anything from inside the VPC is admitted (the NAT gateway forwards the private tier's
 *   traffic, the ALB reaches tasks). Everything may leave.
 * - private: admits the VPC and replies from the internet (through NAT); everything may leave.
 * - isolated: admits only the data ports from the VPC, and the tier itself (replication between
 *   data nodes); sends only replies back to the VPC and traffic within the tier. Nothing to or
 *   from the internet, in either direction.
 */
export function tierAclRules(tier: Tier, context: AclContext): TierAclRules {
  switch (tier) {
    case 'public':
      return {
        ingress: [
          tcp(100, INTERNET, 443),
          tcp(110, INTERNET, 80),
          ...internetReplies(120),
          all(200, context.vpcCidr),
        ],
        egress: [all(100, INTERNET)],
      };
    case 'private':
      return {
        ingress: [all(100, context.vpcCidr), ...internetReplies(120)],
        egress: [all(100, INTERNET)],
      };
    case 'isolated':
      return {
        ingress: [
          ...context.dataPorts.map((port, index) => tcp(100 + index * 10, context.vpcCidr, port)),
          all(200, context.isolatedCidr),
        ],
        egress: [tcp(100, context.vpcCidr, 1024, 65535), all(200, context.isolatedCidr)],
      };
  }
}
