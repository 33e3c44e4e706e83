/**
 * One environment's architecture as a reviewer reads it, derived from the synthesized JSON: the
 * resources that carry or guard traffic as boxes (CloudFront, the site bucket, Route53 aliases,
 * WAF, the load balancer and its listeners, an API Gateway HTTP API and its VPC link, ECS services
 * and their task roles, the data services, NAT, VPC endpoints), placed in a tier by the subnets
 * they run in, and three kinds of edge: traffic (alias, origin, listener, API integration, default
 * route), security-group rules (ports) and IAM (a task
 * role's calls to Bedrock or SES). Everything else (policies, alarms, log groups, keys, secrets,
 * routing) is left out and counted.
 */
import { ingressRules, isInternet } from './security-group-edges';
import { addressKey, type Address, type Body, type Located, type SynthGraph } from './synth-graph';

export type Tier = 'outside' | 'edge' | 'regional' | 'public' | 'private' | 'data' | 'aws';

/** The tiers in drawing order, with the caption each group gets. */
export const TIERS: ReadonlyArray<{ readonly tier: Tier; readonly label: string }> = [
  { tier: 'outside', label: 'outside AWS' },
  { tier: 'edge', label: 'edge (global)' },
  { tier: 'regional', label: 'regional, outside the VPC' },
  { tier: 'public', label: 'public subnets' },
  { tier: 'private', label: 'private subnets' },
  { tier: 'data', label: 'data (isolated subnets)' },
  { tier: 'aws', label: 'IAM and AWS APIs (regional)' },
];

/** Tiers inside the VPC, drawn within one VPC group. */
export const VPC_TIERS: ReadonlySet<Tier> = new Set(['public', 'private', 'data']);

export interface DiagramNode {
  readonly id: string;
  /** First line is the kind of thing ("ECS service skyport-dev-api"), then its details. */
  readonly lines: string[];
  readonly tier: Tier;
  /** The stack that creates it; none for the Internet and AWS's own APIs. */
  readonly stack?: string;
}

/** traffic: requests flow; security-group: a rule admits them; iam: a role may call; attachment: runs as, filters. */
export type EdgeKind = 'traffic' | 'security-group' | 'iam' | 'attachment';

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly labels: readonly string[];
}

export interface Architecture {
  readonly environment: string;
  /** The environment's stacks, in manifest order. */
  readonly stacks: readonly string[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** The caption of the VPC group: `VPC 10.0.0.0/16 (dev-network)`. */
  readonly vpc: string;
  /** Resources in the environment's stacks, and how many of them the boxes and edges stand for. */
  readonly resources: number;
  readonly drawn: number;
}

/** AWS APIs a task role's policy may reach that a reviewer wants on the picture. */
const AWS_APIS: Readonly<Record<string, string>> = {
  bedrock: 'Amazon Bedrock',
  ses: 'Amazon SES',
};

const EDGE_KIND_ORDER: readonly EdgeKind[] = ['traffic', 'security-group', 'iam', 'attachment'];

export function buildArchitecture(environment: string, graph: SynthGraph): Architecture {
  return new ArchitectureBuilder(environment, graph).build();
}

class ArchitectureBuilder {
  private readonly nodes = new Map<string, DiagramNode>();
  /** addressKey of every drawn resource → the box that stands for it. */
  private readonly nodeOf = new Map<string, string>();
  private readonly edges: DiagramEdge[] = [];
  private readonly drawnRules = new Set<string>();

  constructor(
    private readonly environment: string,
    private readonly graph: SynthGraph,
  ) {}

  build(): Architecture {
    this.loadBalancers();
    this.ecsServices();
    this.httpApis();
    this.dataServices();
    this.dataClients();
    this.cloudFront();
    this.webAcls();
    this.natGateways();
    this.vpcEndpoints();
    this.dnsAliases();
    this.securityGroupEdges();
    this.defaultRoutes();
    const stacks = this.graph.stacks.map((s) => s.stack);
    const tierIndex = (tier: Tier) => TIERS.findIndex((t) => t.tier === tier);
    const stackIndex = (stack?: string) => (stack ? stacks.indexOf(stack) : -1);
    const nodes = [...this.nodes.values()]
      .map((node, order) => ({ node, order }))
      .sort(
        (a, b) =>
          tierIndex(a.node.tier) - tierIndex(b.node.tier) ||
          stackIndex(a.node.stack) - stackIndex(b.node.stack) ||
          a.order - b.order,
      )
      .map(({ node }) => node);
    return {
      environment: this.environment,
      stacks,
      nodes,
      edges: mergeEdges(this.edges),
      vpc:
        this.graph
          .resources('aws_vpc')
          .map(({ address, body }) =>
            `VPC ${text(body.cidr_block)} (${address.stack})`.replace('VPC  ', 'VPC '),
          )
          .join(', ') || 'VPC',
      resources: this.graph.resourceCount(),
      drawn: new Set([...this.nodeOf.keys(), ...this.drawnRules]).size,
    };
  }

  // --- edge: CloudFront, its origins, WAF, Route53 -----------------------------------------------

  private cloudFront(): void {
    for (const { address, body } of this.graph.resources('aws_cloudfront_distribution')) {
      const id = this.addNode(address, 'edge', ['CloudFront', text(body.comment)]);
      for (const origin of blocks(body.origin)) {
        for (const bucket of this.graph.referencesOfType(
          address.stack,
          origin.domain_name,
          'aws_s3_bucket',
        )) {
          const bucketBody = this.graph.body(bucket) ?? {};
          const name = text(bucketBody.bucket) || `${text(bucketBody.bucket_prefix)}*`;
          const to = this.addNode(bucket, 'edge', ['S3 bucket (site)', name]);
          this.edge(id, to, 'traffic', origin.origin_access_control_id ? 'origin (OAC)' : 'origin');
        }
        for (const target of this.graph.references(address.stack, origin.domain_name)) {
          const to = this.nodeOf.get(addressKey(target));
          if (to && target.type !== 'aws_s3_bucket') this.edge(id, to, 'traffic', 'origin');
        }
      }
    }
  }

  private webAcls(): void {
    for (const { address, body } of this.graph.resources('aws_wafv2_web_acl')) {
      this.addNode(address, 'edge', [
        `WAF ${text(body.name)}`,
        `${text(body.scope).toLowerCase()} web ACL`,
      ]);
    }
    // CloudFront names its ACL; a regional resource is attached by an association.
    for (const { address, body } of this.graph.resources('aws_cloudfront_distribution')) {
      for (const acl of this.graph.referencesOfType(
        address.stack,
        body.web_acl_id,
        'aws_wafv2_web_acl',
      )) {
        this.edgeBetween(acl, address, 'attachment', 'filters');
      }
    }
    for (const { address, body } of this.graph.resources('aws_wafv2_web_acl_association')) {
      const [acl] = this.graph.referencesOfType(
        address.stack,
        body.web_acl_arn,
        'aws_wafv2_web_acl',
      );
      const [target] = this.graph.references(address.stack, body.resource_arn);
      if (acl && target && this.edgeBetween(acl, target, 'attachment', 'filters')) {
        this.drawnRules.add(addressKey(address));
      }
    }
  }

  /** Alias records, one box per target: `{domain_name}` and `www.{domain_name}` → CloudFront. */
  private dnsAliases(): void {
    const groups = new Map<string, { stack: string; target: string; records: Located[] }>();
    for (const record of this.graph.resources('aws_route53_record')) {
      const alias = blocks(record.body.alias)[0] ?? (record.body.alias as Body | undefined);
      if (!alias) continue;
      const target = this.graph
        .references(record.address.stack, alias.name)
        .map((a) => this.nodeOf.get(addressKey(a)))
        .find((id) => id !== undefined);
      if (!target) continue;
      const key = `${record.address.stack} ${target}`;
      const group = groups.get(key) ?? { stack: record.address.stack, target, records: [] };
      group.records.push(record);
      groups.set(key, group);
    }
    for (const { stack, target, records } of groups.values()) {
      const names = unique(records.map((r) => hostName(text(r.body.name))));
      const types = unique(records.map((r) => text(r.body.type))).join('/');
      const id = `dns_${target}`;
      this.nodes.set(id, { id, lines: ['Route53', ...names], tier: 'edge', stack });
      for (const record of records) this.nodeOf.set(addressKey(record.address), id);
      this.edge(id, target, 'traffic', `alias ${types}`);
    }
  }

  // --- load balancers and services -----------------------------------------------------------------

  private loadBalancers(): void {
    for (const { address, body } of this.graph.resources('aws_lb')) {
      const kind = text(body.load_balancer_type) === 'network' ? 'NLB' : 'ALB';
      const listeners = this.graph
        .resources('aws_lb_listener')
        .filter((l) => this.refersTo(l, 'load_balancer_arn', address));
      const id = this.addNode(address, this.tierOf(address.stack, body, 'public'), [
        `${body.internal === true ? 'internal ' : ''}${kind} ${text(body.name)}`,
        ...listeners.map(
          ({ body: l }) => `${text(l.protocol)} :${text(l.port)} ${listenerAction(l)}`,
        ),
      ]);
      for (const listener of listeners) this.nodeOf.set(addressKey(listener.address), id);
      for (const listener of listeners) {
        for (const group of this.graph.referencesOfType(
          listener.address.stack,
          listener.body.default_action,
          'aws_lb_target_group',
        )) {
          this.nodeOf.set(addressKey(group), id);
        }
      }
    }
  }

  private ecsServices(): void {
    for (const { address, body } of this.graph.resources('aws_ecs_service')) {
      const [taskDefinition] = this.graph.referencesOfType(
        address.stack,
        body.task_definition,
        'aws_ecs_task_definition',
      );
      const task = taskDefinition ? (this.graph.body(taskDefinition) ?? {}) : {};
      const network =
        blocks(body.network_configuration)[0] ?? (body.network_configuration as Body | undefined);
      const id = this.addNode(address, this.tierOf(address.stack, network ?? {}, 'private'), [
        `ECS service ${text(body.name)}`,
        taskSize(task, body),
        containersLine(task),
        ...(network?.assign_public_ip === true ? ['public IP'] : []),
      ]);
      if (taskDefinition) this.nodeOf.set(addressKey(taskDefinition), id);

      for (const lb of blocks(body.load_balancer)) {
        const [group] = this.graph.referencesOfType(
          address.stack,
          lb.target_group_arn,
          'aws_lb_target_group',
        );
        const from = group ? this.nodeOf.get(addressKey(group)) : undefined;
        if (from) this.edge(from, id, 'traffic', `forward → :${text(lb.container_port)}`);
      }

      const [role] = taskDefinition
        ? this.graph.referencesOfType(taskDefinition.stack, task.task_role_arn, 'aws_iam_role')
        : [];
      if (role) this.taskRole(id, role);
    }
  }

  // --- API Gateway HTTP APIs ------------------------------------------------------------------------

  /**
   * An HTTP API is one box that its stage, routes, integrations, custom domain and mapping stand
   * in; a VPC link is a box in the subnets its network interfaces use; each integration is a
   * traffic edge to what it reaches (through the VPC link when it has one): the ECS services that
   * register in the Cloud Map service it names, or a load balancer listener.
   */
  private httpApis(): void {
    for (const { address, body } of this.graph.resources('aws_apigatewayv2_api')) {
      const parts = (type: string) =>
        this.graph.resources(type).filter((part) => this.refersTo(part, 'api_id', address));
      const routes = parts('aws_apigatewayv2_route');
      const integrations = parts('aws_apigatewayv2_integration');
      const mappings = parts('aws_apigatewayv2_api_mapping');
      const domains = mappings.flatMap((m) =>
        this.graph.referencesOfType(
          m.address.stack,
          m.body.domain_name,
          'aws_apigatewayv2_domain_name',
        ),
      );
      const id = this.addNode(address, 'regional', [
        `API Gateway ${text(body.protocol_type) || 'HTTP'} API ${text(body.name)}`,
        ...domains.map((domain) => customDomain(this.graph.body(domain) ?? {})),
        ...routes.map((route) => `route ${text(route.body.route_key)}`),
        body.disable_execute_api_endpoint === true ? 'execute-api endpoint off' : '',
      ]);
      const drawn = [...routes, ...integrations, ...mappings, ...parts('aws_apigatewayv2_stage')];
      for (const part of drawn) this.nodeOf.set(addressKey(part.address), id);
      for (const domain of domains) this.nodeOf.set(addressKey(domain), id);
      // Public by nature: no security group guards an HTTP API, so the Internet edge is drawn here.
      this.edge(this.internet(), id, 'traffic', 'HTTPS 443');
      for (const integration of integrations) this.apiIntegration(id, integration);
    }
  }

  private apiIntegration(api: string, { address, body }: Located): void {
    const [link] = this.graph.referencesOfType(
      address.stack,
      body.connection_id,
      'aws_apigatewayv2_vpc_link',
    );
    const discovery = this.graph.referencesOfType(
      address.stack,
      body.integration_uri,
      'aws_service_discovery_service',
    );
    let from = api;
    if (link) {
      const linkBody = this.graph.body(link) ?? {};
      from = this.addNode(link, this.tierOf(link.stack, linkBody, 'private'), [
        `VPC link ${text(linkBody.name)}`,
      ]);
      this.edge(api, from, 'traffic', `integration ${text(body.integration_type)}`.trim());
    }
    for (const service of discovery) {
      const serviceBody = this.graph.body(service) ?? {};
      // An HTTP namespace is named by `namespace_id`, a DNS namespace by `dns_config`'s.
      const [namespace] = this.graph
        .references(service.stack, [serviceBody.namespace_id, serviceBody.dns_config])
        .filter(
          (a) => a.type.startsWith('aws_service_discovery_') && a.type.endsWith('_namespace'),
        );
      const namespaceName = namespace ? text(this.graph.body(namespace)?.name) : '';
      this.note(
        from,
        `targets: Cloud Map ${[namespaceName, text(serviceBody.name)].filter(Boolean).join('/')}`,
      );
      this.nodeOf.set(addressKey(service), from);
      if (namespace) this.nodeOf.set(addressKey(namespace), from);
      for (const ecs of this.graph.resources('aws_ecs_service')) {
        const registry =
          blocks(ecs.body.service_registries)[0] ??
          (ecs.body.service_registries as Body | undefined);
        const registers = this.graph
          .referencesOfType(
            ecs.address.stack,
            registry?.registry_arn,
            'aws_service_discovery_service',
          )
          .some((s) => same(s, service));
        const to = this.nodeOf.get(addressKey(ecs.address));
        if (registry && registers && to) {
          this.edge(from, to, 'traffic', `forward → :${text(registry.container_port)}`);
        }
      }
    }
    for (const listener of this.graph.referencesOfType(
      address.stack,
      body.integration_uri,
      'aws_lb_listener',
    )) {
      const to = this.nodeOf.get(addressKey(listener));
      if (to) this.edge(from, to, 'traffic', 'forward');
    }
  }

  private taskRole(service: string, role: Address): void {
    const roleBody = this.graph.body(role) ?? {};
    const id = this.addNode(role, 'aws', [
      'IAM task role',
      text(roleBody.name) || `${text(roleBody.name_prefix)}*`,
    ]);
    this.edge(service, id, 'attachment', 'runs as');
    const actions = this.graph
      .resources('aws_iam_role_policy')
      .filter((p) =>
        this.graph
          .referencesOfType(p.address.stack, p.body.role, 'aws_iam_role')
          .some((r) => same(r, role)),
      )
      .flatMap((p) => this.policyActions(p));
    for (const [prefix, api] of Object.entries(AWS_APIS)) {
      const calls = unique(actions.filter((a) => a.toLowerCase().startsWith(`${prefix}:`)));
      if (calls.length === 0) continue;
      const apiId = `aws_${prefix}`;
      if (!this.nodes.has(apiId)) this.nodes.set(apiId, { id: apiId, lines: [api], tier: 'aws' });
      for (const call of calls) this.edge(id, apiId, 'iam', call);
    }
  }

  /** The actions a role policy allows, from a policy document data source or a JSON string. */
  private policyActions({ address, body }: Located): string[] {
    const statements: Body[] = [];
    for (const document of this.graph.references(address.stack, body.policy)) {
      if (document.mode === 'data' && document.type === 'aws_iam_policy_document') {
        statements.push(...blocks(this.graph.body(document)?.statement));
      }
    }
    if (typeof body.policy === 'string' && body.policy.trim().startsWith('{')) {
      try {
        const parsed = JSON.parse(body.policy) as { Statement?: unknown };
        statements.push(
          ...blocks(parsed.Statement).map((s) => ({ effect: s.Effect, actions: s.Action })),
        );
      } catch {
        // An interpolated policy is not JSON until Terraform renders it: no actions to read.
      }
    }
    return statements
      .filter((s) => s.effect === undefined || s.effect === 'Allow')
      .flatMap((s): unknown[] => (Array.isArray(s.actions) ? s.actions : [s.actions]))
      .filter((a): a is string => typeof a === 'string');
  }

  // --- data services -------------------------------------------------------------------------------

  private dataServices(): void {
    for (const { address, body } of this.graph.resources('aws_db_instance')) {
      this.addNode(address, this.tierOf(address.stack, body, 'data'), [
        `RDS ${text(body.engine)} ${text(body.engine_version)}`.trim(),
        `${text(body.instance_class)}${body.multi_az === true ? ', Multi-AZ' : ''}`,
      ]);
    }
    for (const { address, body } of this.graph.resources('aws_rds_cluster')) {
      this.addNode(address, this.tierOf(address.stack, body, 'data'), [
        `Aurora ${text(body.engine)} ${text(body.engine_version)}`.trim(),
        text(body.cluster_identifier),
      ]);
    }
    for (const type of ['aws_elasticache_replication_group', 'aws_elasticache_cluster']) {
      for (const { address, body } of this.graph.resources(type)) {
        const nodes = body.num_cache_clusters ?? body.num_cache_nodes ?? 1;
        this.addNode(address, this.tierOf(address.stack, body, 'data'), [
          `ElastiCache ${text(body.engine)} ${text(body.engine_version)}`.trim(),
          `${text(body.node_type)} × ${text(nodes)}`,
        ]);
      }
    }
    for (const { address, body } of this.graph.resources('aws_mq_broker')) {
      this.addNode(address, this.tierOf(address.stack, body, 'data'), [
        `Amazon MQ ${text(body.engine_type)} ${text(body.engine_version)}`.trim(),
        `${text(body.host_instance_type)}, ${text(body.deployment_mode).toLowerCase().replace(/_/g, '-')}`,
      ]);
    }
  }

  /**
   * A service whose containers are given a data service's address (its task definition refers to
   * it, usually through a cross-stack output) connects to it: the traffic half of the edge whose
   * security-group half says which port.
   */
  private dataClients(): void {
    for (const { address, body } of this.graph.resources('aws_ecs_service')) {
      const from = this.nodeOf.get(addressKey(address));
      const [taskDefinition] = this.graph.referencesOfType(
        address.stack,
        body.task_definition,
        'aws_ecs_task_definition',
      );
      if (!from || !taskDefinition) continue;
      const containers = this.graph.body(taskDefinition)?.container_definitions;
      for (const target of this.graph.references(taskDefinition.stack, containers)) {
        const to = this.nodeOf.get(addressKey(target));
        if (to && this.nodes.get(to)?.tier === 'data') this.edge(from, to, 'traffic', 'connects');
      }
    }
  }

  // --- network ---------------------------------------------------------------------------------------

  private natGateways(): void {
    for (const [stack, gateways] of byStack(this.graph.resources('aws_nat_gateway'))) {
      const id = nodeId(stack, 'nat');
      const tier = this.tierOf(stack, gateways[0]?.body ?? {}, 'public');
      const count = gateways.length;
      const lines = [count === 1 ? 'NAT gateway' : `NAT gateway × ${count}`];
      this.nodes.set(id, { id, lines, tier, stack });
      for (const { address } of gateways) this.nodeOf.set(addressKey(address), id);
    }
  }

  private vpcEndpoints(): void {
    for (const [stack, endpoints] of byStack(this.graph.resources('aws_vpc_endpoint'))) {
      for (const kind of ['Interface', 'Gateway']) {
        const ofKind = endpoints.filter(
          ({ body }) => text(body.vpc_endpoint_type ?? 'Gateway') === kind,
        );
        if (ofKind.length === 0) continue;
        const id = nodeId(stack, `endpoints-${kind.toLowerCase()}`);
        const tier =
          kind === 'Gateway' ? 'private' : this.tierOf(stack, ofKind[0]?.body ?? {}, 'private');
        const services = ofKind.map(({ body }) => endpointService(text(body.service_name)));
        this.nodes.set(id, {
          id,
          lines: [
            `VPC ${kind.toLowerCase()} endpoint${ofKind.length > 1 ? 's' : ''}`,
            services.join(', '),
          ],
          tier,
          stack,
        });
        for (const { address } of ofKind) this.nodeOf.set(addressKey(address), id);
      }
    }
  }

  /** A service's default route (0.0.0.0/0) through its subnets' route tables: NAT, or the internet gateway. */
  private defaultRoutes(): void {
    for (const { address, body } of this.graph.resources('aws_ecs_service')) {
      const from = this.nodeOf.get(addressKey(address));
      const network =
        blocks(body.network_configuration)[0] ?? (body.network_configuration as Body | undefined);
      if (!from || !network) continue;
      for (const subnet of this.graph.referencesOfType(
        address.stack,
        network.subnets,
        'aws_subnet',
      )) {
        for (const route of this.defaultRoutesOf(subnet)) {
          const [nat] = this.graph.referencesOfType(
            route.address.stack,
            route.body.nat_gateway_id,
            'aws_nat_gateway',
          );
          const [igw] = this.graph.referencesOfType(
            route.address.stack,
            route.body.gateway_id,
            'aws_internet_gateway',
          );
          const natNode = nat ? this.nodeOf.get(addressKey(nat)) : undefined;
          if (natNode) {
            this.edge(from, natNode, 'traffic', 'default route');
            this.edge(natNode, this.internet(), 'traffic', 'egress');
          } else if (igw) {
            this.edge(from, this.internet(), 'traffic', 'default route (internet gateway)');
          }
        }
      }
    }
  }

  private defaultRoutesOf(subnet: Address): Located[] {
    const tables = this.graph
      .resources('aws_route_table_association')
      .filter((a) => a.address.stack === subnet.stack)
      .filter((a) =>
        this.graph
          .referencesOfType(a.address.stack, a.body.subnet_id, 'aws_subnet')
          .some((s) => same(s, subnet)),
      )
      .flatMap((a) =>
        this.graph.referencesOfType(a.address.stack, a.body.route_table_id, 'aws_route_table'),
      );
    return this.graph
      .resources('aws_route')
      .filter((r) => r.body.destination_cidr_block === '0.0.0.0/0')
      .filter((r) =>
        this.graph
          .referencesOfType(r.address.stack, r.body.route_table_id, 'aws_route_table')
          .some((t) => tables.some((u) => same(t, u))),
      );
  }

  // --- security groups -------------------------------------------------------------------------------

  private securityGroupEdges(): void {
    // A group's members are the drawn resources whose own arguments name it.
    const members = new Map<string, string[]>();
    for (const [key, id] of this.nodeOf) {
      const address = parseKey(key, this.graph);
      if (!address) continue;
      for (const group of this.graph.referencesOfType(
        address.stack,
        this.graph.body(address),
        'aws_security_group',
      )) {
        const list = members.get(addressKey(group)) ?? [];
        if (!list.includes(id)) list.push(id);
        members.set(addressKey(group), list);
      }
    }
    for (const rule of ingressRules(this.graph)) {
      const targets = members.get(rule.target) ?? [];
      if (targets.length === 0) continue;
      const sources = rule.sourceGroup ? (members.get(rule.sourceGroup) ?? []) : [];
      for (const target of targets) {
        for (const source of sources)
          if (source !== target) this.edge(source, target, 'security-group', rule.ports);
        for (const cidr of rule.cidrs) {
          if (isInternet(cidr)) this.edge(this.internet(), target, 'security-group', rule.ports);
          else this.note(target, `in: ${rule.ports} from ${cidr}`);
        }
      }
      this.drawnRules.add(addressKey(rule.rule));
      this.drawnRules.add(rule.target);
      if (rule.sourceGroup) this.drawnRules.add(rule.sourceGroup);
    }
  }

  // --- helpers ---------------------------------------------------------------------------------------

  private addNode(address: Address, tier: Tier, lines: string[]): string {
    const key = addressKey(address);
    const known = this.nodeOf.get(key);
    if (known) return known;
    const id = nodeId(address.stack, address.name);
    this.nodes.set(id, { id, lines: lines.filter((l) => l !== ''), tier, stack: address.stack });
    this.nodeOf.set(key, id);
    return id;
  }

  private internet(): string {
    if (!this.nodes.has('internet')) {
      this.nodes.set('internet', { id: 'internet', lines: ['Internet'], tier: 'outside' });
    }
    return 'internet';
  }

  private note(id: string, line: string): void {
    const node = this.nodes.get(id);
    if (node && !node.lines.includes(line)) node.lines.push(line);
  }

  private edge(from: string, to: string, kind: EdgeKind, label: string): void {
    this.edges.push({ from, to, kind, labels: [label] });
  }

  private edgeBetween(from: Address, to: Address, kind: EdgeKind, label: string): boolean {
    const a = this.nodeOf.get(addressKey(from));
    const b = this.nodeOf.get(addressKey(to));
    if (!a || !b) return false;
    this.edge(a, b, kind, label);
    return true;
  }

  /** The tier of the subnets a resource names (directly or through a subnet group). */
  private tierOf(stack: string, body: Body, fallback: Tier): Tier {
    const subnets = this.graph.referencesOfType(stack, body, 'aws_subnet');
    for (const type of ['aws_db_subnet_group', 'aws_elasticache_subnet_group']) {
      for (const group of this.graph.referencesOfType(stack, body, type)) {
        subnets.push(
          ...this.graph.referencesOfType(group.stack, this.graph.body(group), 'aws_subnet'),
        );
      }
    }
    for (const subnet of subnets) {
      const subnetBody = this.graph.body(subnet) ?? {};
      const tags = (subnetBody.tags ?? {}) as Record<string, unknown>;
      const hint = `${text(tags.tier)} ${text(tags.Name)} ${subnet.name}`.toLowerCase();
      if (/\bpublic/.test(hint)) return 'public';
      if (/\bprivate/.test(hint)) return 'private';
      if (/\b(isolated|data|database)/.test(hint)) return 'data';
    }
    return fallback;
  }

  private refersTo(candidate: Located, field: string, target: Address): boolean {
    return this.graph
      .references(candidate.address.stack, candidate.body[field])
      .some((a) => same(a, target));
  }
}

/** Edges between the same two boxes become one: traffic before rules, ports listed together. */
function mergeEdges(edges: readonly DiagramEdge[]): DiagramEdge[] {
  const merged = new Map<
    string,
    { from: string; to: string; kinds: Set<EdgeKind>; labels: string[] }
  >();
  for (const edge of edges) {
    const key = `${edge.from} ${edge.to}`;
    const entry = merged.get(key) ?? { from: edge.from, to: edge.to, kinds: new Set(), labels: [] };
    entry.kinds.add(edge.kind);
    for (const label of edge.labels) if (!entry.labels.includes(label)) entry.labels.push(label);
    merged.set(key, entry);
  }
  return [...merged.values()].map(({ from, to, kinds, labels }) => ({
    from,
    to,
    kind: EDGE_KIND_ORDER.find((k) => kinds.has(k)) ?? 'traffic',
    labels: joinPorts(labels),
  }));
}

/** "tcp 80" and "tcp 443" read as "tcp 80, 443". */
function joinPorts(labels: readonly string[]): string[] {
  const ports = new Map<string, string[]>();
  const out: string[] = [];
  for (const label of labels) {
    const match = /^(tcp|udp) (\d+(?:-\d+)?)$/.exec(label);
    if (!match) {
      out.push(label);
      continue;
    }
    const [, protocol = '', range = ''] = match;
    if (!ports.has(protocol)) out.push(`\u0000${protocol}`);
    ports.set(protocol, [...(ports.get(protocol) ?? []), range]);
  }
  return out.map((label) => {
    if (!label.startsWith('\u0000')) return label;
    const protocol = label.slice(1);
    const ranges = (ports.get(protocol) ?? []).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    return `${protocol} ${ranges.join(', ')}`;
  });
}

/** `api.{domain_name} (TLS 1.2)` from a custom domain name's arguments. */
function customDomain(domain: Body): string {
  const configuration =
    blocks(domain.domain_name_configuration)[0] ??
    (domain.domain_name_configuration as Body | undefined);
  const policy = text(configuration?.security_policy).replace(/^TLS_(\d)_(\d)$/, 'TLS $1.$2');
  return `${hostName(text(domain.domain_name))}${policy ? ` (${policy})` : ''}`;
}

function listenerAction(listener: Body): string {
  const action = blocks(listener.default_action)[0] ?? {};
  const redirect = blocks(action.redirect)[0] ?? (action.redirect as Body | undefined);
  if (action.type === 'redirect' && redirect) {
    return `→ ${text(redirect.status_code).replace('HTTP_', '')} to ${text(redirect.protocol)}`;
  }
  return `→ ${text(action.type)}`;
}

/** "0.25 vCPU, 0.5 GB, ARM64, Fargate Spot" from the task definition and the capacity strategy. */
function taskSize(task: Body, service: Body): string {
  const platform = blocks(task.runtime_platform)[0] ?? (task.runtime_platform as Body | undefined);
  const providers = blocks(service.capacity_provider_strategy).map((s) =>
    text(s.capacity_provider),
  );
  const capacity = providers.length > 0 ? providers.join(' + ') : text(service.launch_type);
  const parts = [
    task.cpu !== undefined ? `${Number(task.cpu) / 1024} vCPU` : '',
    task.memory !== undefined ? `${Number(task.memory) / 1024} GB` : '',
    text(platform?.cpu_architecture),
    capacity.replace(/FARGATE_SPOT/g, 'Spot').replace(/FARGATE/g, 'Fargate'),
  ];
  return parts.filter((p) => p !== '').join(', ');
}

/**
 * "containers: api, postgres, valkey, rabbitmq" when a task runs more than one (the embedded data
 * mode's sidecars), else nothing. A container's entry starts with its name, then its image, in the
 * JSON and in the `jsonencode` form alike.
 */
function containersLine(task: Body): string {
  const definitions = text(task.container_definitions);
  const names = [...definitions.matchAll(/"name"\s*[=:]\s*"([^"]+)"\s*,\s*"image"/g)].map(
    (m) => m[1] ?? '',
  );
  return names.length > 1 ? `containers: ${names.join(', ')}` : '';
}

/** `com.amazonaws.${data.aws_region.x.region}.ecr.api` → `ecr.api`. */
function endpointService(serviceName: string): string {
  const afterRegion = serviceName.split('}.').pop() ?? serviceName;
  return afterRegion.replace(/^com\.amazonaws\.[a-z0-9-]+\./, '');
}

/** `api.${var.domain_name}` → `api.{domain_name}`; any other expression becomes `…`. */
function hostName(name: string): string {
  return name.replace(/\$\{var\.([\w-]+)\}/g, '{$1}').replace(/\$\{[^}]*\}/g, '…');
}

function nodeId(stack: string, name: string): string {
  return `${stack}_${name}`.replace(/[^A-Za-z0-9_]/g, '_');
}

function parseKey(key: string, graph: SynthGraph): Address | undefined {
  const slash = key.indexOf('/');
  const stack = key.slice(0, slash);
  const rest = key.slice(slash + 1);
  const mode = rest.startsWith('data.') ? 'data' : 'resource';
  const [type = '', ...name] = (mode === 'data' ? rest.slice(5) : rest).split('.');
  const address: Address = { stack, mode, type, name: name.join('.') };
  return graph.body(address) ? address : undefined;
}

function same(a: Address, b: Address): boolean {
  return addressKey(a) === addressKey(b);
}

function byStack(located: readonly Located[]): Map<string, Located[]> {
  const groups = new Map<string, Located[]>();
  for (const item of located)
    groups.set(item.address.stack, [...(groups.get(item.address.stack) ?? []), item]);
  return groups;
}

function blocks(value: unknown): Body[] {
  return Array.isArray(value) ? value.filter((v): v is Body => !!v && typeof v === 'object') : [];
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
