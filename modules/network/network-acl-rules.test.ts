import { cidrContains, parseCidr } from '../validation/cidr';
import { tierAclRules, type AclRule } from './network-acl-rules';
import type { Tier } from './subnet-layout';

const context = {
  vpcCidr: '10.10.0.0/16',
  isolatedCidr: '10.10.128.0/18',
  dataPorts: [5432, 6379, 5671],
};

type Protocol = 'tcp' | 'udp' | 'icmp';

/**
 * Evaluates NACL entries the way AWS does: lowest rule number first, first match wins, else deny.
 * For ICMP, `port` is the type and `code` the code.
 */
function allows(
  rules: readonly AclRule[],
  peer: string,
  port: number,
  protocol: Protocol,
  code = 0,
): boolean {
  const address = parseCidr('peer', `${peer}/32`);
  const matches = (rule: AclRule) => {
    if (!cidrContains(parseCidr('rule', rule.cidrBlock), address)) return false;
    if (rule.protocol === '-1') return true;
    if (rule.protocol !== protocol) return false;
    if (protocol === 'icmp') return rule.icmpType === port && rule.icmpCode === code;
    return port >= rule.fromPort && port <= rule.toPort;
  };
  return [...rules].sort((a, b) => a.ruleNo - b.ruleNo).find(matches) !== undefined;
}

const inbound = (tier: Tier, peer: string, port: number, protocol: Protocol = 'tcp', code = 0) =>
  allows(tierAclRules(tier, context).ingress, peer, port, protocol, code);
const outbound = (tier: Tier, peer: string, port: number, protocol: Protocol = 'tcp') =>
  allows(tierAclRules(tier, context).egress, peer, port, protocol);

const CLIENT = '203.0.113.7';
const PUBLIC_HOST = '10.10.0.20';
const APP = '10.10.64.10';
const DATABASE = '10.10.128.5';
const REPLICA = '10.10.144.5';
const EPHEMERAL = 51000;

describe('network ACL rules', () => {
  it('lets the internet reach the load balancer on 443 and 80, and lets the replies out', () => {
    expect(inbound('public', CLIENT, 443)).toBe(true);
    expect(inbound('public', CLIENT, 80)).toBe(true);
    expect(outbound('public', CLIENT, EPHEMERAL)).toBe(true);
  });

  it('refuses SSH, SMB and other service ports below 1024 from the internet in the public and private tiers', () => {
    for (const tier of ['public', 'private'] as const) {
      for (const port of [22, 23, 25, 445]) expect(inbound(tier, CLIENT, port)).toBe(false);
    }
  });

  it('admits replies on every ephemeral port a NAT gateway may pick, 3389 included', () => {
    for (const port of [1024, 3389, 32768, 65535]) {
      expect(inbound('public', CLIENT, port)).toBe(true);
      expect(inbound('private', CLIENT, port)).toBe(true);
    }
  });

  it('admits UDP replies (DNS, NTP, QUIC) and path-MTU ICMP from the internet, and no other ICMP', () => {
    for (const tier of ['public', 'private'] as const) {
      expect(outbound(tier, CLIENT, 123, 'udp')).toBe(true);
      expect(inbound(tier, CLIENT, 40123, 'udp')).toBe(true);
      expect(inbound(tier, CLIENT, 53, 'udp')).toBe(false);
      expect(inbound(tier, CLIENT, 3, 'icmp', 4)).toBe(true);
      expect(inbound(tier, CLIENT, 8, 'icmp', 0)).toBe(false);
    }
  });

  it('lets a private task reach the internet through a NAT gateway and get the replies back', () => {
    expect(outbound('private', CLIENT, 443)).toBe(true); // task -> NAT (the destination is the internet)
    expect(inbound('public', APP, 443)).toBe(true); // NAT receives it from the private tier
    expect(outbound('public', CLIENT, 443)).toBe(true); // NAT -> internet
    expect(inbound('public', CLIENT, EPHEMERAL)).toBe(true); // reply reaches NAT
    expect(outbound('public', APP, EPHEMERAL)).toBe(true); // NAT -> task
    expect(inbound('private', CLIENT, EPHEMERAL)).toBe(true); // reply reaches the task
  });

  it('refuses connections the internet opens to the private tier on service ports', () => {
    expect(inbound('private', CLIENT, 443)).toBe(false);
    expect(inbound('private', CLIENT, 80)).toBe(false);
  });

  it.each([5432, 6379, 5671])(
    'admits port %i to the data tier from tasks in either tier, and lets the replies back',
    (port) => {
      for (const task of [APP, PUBLIC_HOST]) {
        expect(inbound('isolated', task, port)).toBe(true);
        expect(outbound('isolated', task, EPHEMERAL)).toBe(true);
      }
      expect(inbound('private', DATABASE, EPHEMERAL)).toBe(true);
      expect(inbound('public', DATABASE, EPHEMERAL)).toBe(true);
    },
  );

  it('refuses other ports to the data tier, even from inside the VPC', () => {
    expect(inbound('isolated', APP, 22)).toBe(false);
    expect(inbound('isolated', APP, 3306)).toBe(false);
  });

  it('lets data nodes replicate among themselves on any port', () => {
    expect(outbound('isolated', REPLICA, 6379)).toBe(true);
    expect(inbound('isolated', REPLICA, 6379)).toBe(true);
    expect(inbound('isolated', REPLICA, 16379)).toBe(true);
  });

  it('keeps the data tier off the internet in both directions', () => {
    expect(inbound('isolated', CLIENT, 5432)).toBe(false);
    expect(inbound('isolated', CLIENT, EPHEMERAL)).toBe(false);
    expect(outbound('isolated', CLIENT, 443)).toBe(false);
    expect(outbound('isolated', '8.8.8.8', 53)).toBe(false);
  });

  it('gives every rule a unique number within its direction', () => {
    for (const tier of ['public', 'private', 'isolated'] as const) {
      const { ingress, egress } = tierAclRules(tier, context);
      for (const rules of [ingress, egress]) {
        expect(new Set(rules.map((rule) => rule.ruleNo)).size).toBe(rules.length);
      }
    }
  });
});
