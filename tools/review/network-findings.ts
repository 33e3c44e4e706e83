/**
 * Security-group and network-ACL rules a change opens: an ingress rule (or an allowing NACL
 * ingress entry) that no rule before it already allowed to the same group or ACL: new ingress, a
 * wider CIDR, the internet (0.0.0.0/0, ::/0), a wider port range, all protocols. Rules are pooled
 * per group across the stack's changes, so a rule that moves to another address is not "new".
 */
import { cidrContains, isInternet } from './cidr';
import type { Finding } from './finding';
import { blocks, strings, text, truthy, type Body, type ResourceChange } from './resource-change';

export interface Rule {
  readonly address: string;
  /** The group or ACL the rule admits traffic to. */
  readonly target: string;
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  /** A CIDR, or `sg:<group>`, `pl:<prefix list>`. */
  readonly source: string;
}

const PROTOCOLS: Readonly<Record<string, string>> = {
  '-1': 'all',
  all: 'all',
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
};
const protocolOf = (value: unknown) => {
  const name = (text(value) || '-1').toLowerCase();
  return PROTOCOLS[name] ?? name;
};

function ports(protocol: string, from: unknown, to: unknown): [number, number] {
  if (protocol === 'all') return [0, 65535];
  const f = Number(from ?? 0);
  const t = Number(to ?? from ?? 65535);
  // from_port = to_port = 0 with tcp/udp means every port in the NACL and SG APIs.
  return f === 0 && t === 0 ? [0, 65535] : [f, t];
}

function rule(
  address: string,
  target: string,
  protocolValue: unknown,
  from: unknown,
  to: unknown,
  sources: string[],
): Rule[] {
  const protocol = protocolOf(protocolValue);
  const [f, t] = ports(protocol, from, to);
  return sources.map((source) => ({ address, target, protocol, from: f, to: t, source }));
}

/** The ingress rules a resource's arguments declare. */
export function ingressRules(address: string, type: string, body: Body): Rule[] {
  switch (type) {
    case 'aws_vpc_security_group_ingress_rule': {
      const sources = [
        ...strings(body.cidr_ipv4),
        ...strings(body.cidr_ipv6),
        ...strings(body.referenced_security_group_id).map((g) => `sg:${g}`),
        ...strings(body.prefix_list_id).map((p) => `pl:${p}`),
      ];
      return rule(
        address,
        String(body.security_group_id),
        body.ip_protocol,
        body.from_port,
        body.to_port,
        sources,
      );
    }
    case 'aws_security_group_rule': {
      if (body.type !== 'ingress') return [];
      const target = String(body.security_group_id);
      const sources = [
        ...strings(body.cidr_blocks),
        ...strings(body.ipv6_cidr_blocks),
        ...strings(body.source_security_group_id).map((g) => `sg:${g}`),
        ...strings(body.prefix_list_ids).map((p) => `pl:${p}`),
        ...(truthy(body.self) ? [`sg:${target}`] : []),
      ];
      return rule(address, target, body.protocol, body.from_port, body.to_port, sources);
    }
    case 'aws_security_group':
    case 'aws_default_security_group':
      return blocks(body.ingress).flatMap((b) =>
        rule(address, address, b.protocol, b.from_port, b.to_port, [
          ...strings(b.cidr_blocks),
          ...strings(b.ipv6_cidr_blocks),
          ...strings(b.security_groups).map((g) => `sg:${g}`),
          ...strings(b.prefix_list_ids).map((p) => `pl:${p}`),
          ...(truthy(b.self) ? [`sg:${address}`] : []),
        ]),
      );
    case 'aws_network_acl':
    case 'aws_default_network_acl':
      return blocks(body.ingress)
        .filter((b) => text(b.action).toLowerCase() === 'allow')
        .flatMap((b) =>
          rule(address, address, b.protocol, b.from_port, b.to_port, [
            ...strings(b.cidr_block),
            ...strings(b.ipv6_cidr_block),
          ]),
        );
    case 'aws_network_acl_rule':
      if (truthy(body.egress) || text(body.rule_action).toLowerCase() !== 'allow') return [];
      return rule(
        address,
        String(body.network_acl_id),
        body.protocol,
        body.from_port,
        body.to_port,
        [...strings(body.cidr_block), ...strings(body.ipv6_cidr_block)],
      );
    default:
      return [];
  }
}

function covers(known: Rule, rule: Rule): boolean {
  return (
    known.target === rule.target &&
    (known.protocol === 'all' || known.protocol === rule.protocol) &&
    known.from <= rule.from &&
    known.to >= rule.to &&
    (known.source === rule.source || cidrContains(known.source, rule.source))
  );
}

const portText = (r: Rule) =>
  r.protocol === 'all'
    ? 'all traffic'
    : r.protocol.startsWith('icmp')
      ? r.protocol
      : `${r.protocol} ${r.from === r.to ? r.from : `${r.from}-${r.to}`}`;
const sourceText = (source: string) => (isInternet(source) ? `${source} (the internet)` : source);

export function networkFindings(changes: readonly ResourceChange[]): Finding[] {
  const before = changes.flatMap((c) =>
    c.before ? ingressRules(c.address, c.type, c.before) : [],
  );
  const findings: Finding[] = [];
  for (const change of changes) {
    if (!change.after) continue;
    const was = change.before ? ingressRules(change.address, change.type, change.before) : [];
    for (const r of ingressRules(change.address, change.type, change.after)) {
      if (before.some((known) => covers(known, r))) continue;
      const old = was.filter((w) => w.target === r.target);
      const what = change.type.includes('network_acl') ? 'NACL ingress' : 'ingress';
      const widened =
        old.length > 0
          ? ` (was ${old.map((w) => `${portText(w)} from ${sourceText(w.source)}`).join(', ')})`
          : '';
      findings.push({
        stack: change.stack,
        address: change.address,
        kind: 'network',
        change: `${what} opened: ${portText(r)} from ${sourceText(r.source)}${widened}`,
      });
    }
  }
  return findings;
}
