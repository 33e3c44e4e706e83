/**
 * Who may open a connection to whom, read from the security-group rules of the synthesized JSON:
 * an ingress rule on group T that names group S becomes an edge from every drawn resource in S to
 * every drawn resource in T, labelled with the protocol and port range; a rule open to the whole
 * internet (0.0.0.0/0, ::/0) starts at the Internet; any other CIDR is a note on the target.
 */
import { addressKey, type Address, type Body, type SynthGraph } from './synth-graph';

export interface IngressRule {
  /** The rule's own address (several per edge when the rules agree). */
  readonly rule: Address;
  /** `addressKey` of the group the rule admits traffic into. */
  readonly target: string;
  /** `addressKey` of the group the traffic comes from, when the rule names one. */
  readonly sourceGroup?: string;
  /** CIDR blocks the rule admits, when it names addresses instead of a group. */
  readonly cidrs: readonly string[];
  /** "tcp 443", "tcp 1024-65535", "all traffic". */
  readonly ports: string;
}

const INTERNET = new Set(['0.0.0.0/0', '::/0']);

export const isInternet = (cidr: string) => INTERNET.has(cidr);

/** Every ingress rule of the environment, whichever of Terraform's three spellings made it. */
export function ingressRules(graph: SynthGraph): IngressRule[] {
  const group = (stack: string, value: unknown) =>
    graph.referencesOfType(stack, value, 'aws_security_group').map(addressKey)[0];
  const rules: IngressRule[] = [];

  for (const { address, body } of graph.resources('aws_vpc_security_group_ingress_rule')) {
    const target = group(address.stack, body.security_group_id);
    if (!target) continue;
    const sourceGroup = group(address.stack, body.referenced_security_group_id);
    rules.push({
      rule: address,
      target,
      ...(sourceGroup ? { sourceGroup } : {}),
      cidrs: [body.cidr_ipv4, body.cidr_ipv6, body.prefix_list_id].filter(isString),
      ports: portRange(body.ip_protocol, body.from_port, body.to_port),
    });
  }

  for (const { address, body } of graph.resources('aws_security_group_rule')) {
    if (body.type !== 'ingress') continue;
    const target = group(address.stack, body.security_group_id);
    if (!target) continue;
    const sourceGroup =
      body.self === true ? target : group(address.stack, body.source_security_group_id);
    rules.push({
      rule: address,
      target,
      ...(sourceGroup ? { sourceGroup } : {}),
      cidrs: [...strings(body.cidr_blocks), ...strings(body.ipv6_cidr_blocks)],
      ports: portRange(body.protocol, body.from_port, body.to_port),
    });
  }

  for (const { address, body } of graph.resources('aws_security_group')) {
    const target = addressKey(address);
    for (const inline of blocks(body.ingress)) {
      const ports = portRange(inline.protocol, inline.from_port, inline.to_port);
      const cidrs = [...strings(inline.cidr_blocks), ...strings(inline.ipv6_cidr_blocks)];
      const sources = graph
        .referencesOfType(address.stack, inline.security_groups, 'aws_security_group')
        .map(addressKey);
      if (inline.self === true) sources.push(target);
      if (cidrs.length > 0) rules.push({ rule: address, target, cidrs, ports });
      for (const sourceGroup of sources) {
        rules.push({ rule: address, target, sourceGroup, cidrs: [], ports });
      }
    }
  }
  return rules;
}

/** "tcp 443", "tcp 8000-8100", "udp 53", "all traffic" (protocol -1). */
export function portRange(protocol: unknown, from: unknown, to: unknown): string {
  const name = (scalar(protocol) || 'tcp').toLowerCase();
  if (name === '-1' || name === 'all') return 'all traffic';
  const low = scalar(from);
  const high = scalar(to);
  if (low === '') return name;
  return low === high || high === '' ? `${name} ${low}` : `${name} ${low}-${high}`;
}

function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

const isString = (value: unknown): value is string => typeof value === 'string' && value !== '';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter(isString) : [];
}

function blocks(value: unknown): Body[] {
  return Array.isArray(value) ? value.filter((v): v is Body => !!v && typeof v === 'object') : [];
}
