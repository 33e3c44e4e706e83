import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildArchitecture, type Architecture } from './architecture';
import { toDot } from './dot';
import { toMermaid } from './mermaid';
import { ingressRules, portRange } from './security-group-edges';
import { SynthGraph, type StackDocument, type TerraformJson } from './synth-graph';

/** The two-stack fixture (fixtures/three-tier.json), or a variant of it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variants edit the fixture's JSON freely
type Stacks = Record<string, any>;

function fixture(change: (stacks: Stacks) => void = () => undefined): StackDocument[] {
  const { stacks } = JSON.parse(
    readFileSync(path.join(__dirname, 'fixtures', 'three-tier.json'), 'utf8'),
  ) as { stacks: Stacks };
  change(stacks);
  return Object.entries(stacks).map(([stack, json]) => ({ stack, json: json as TerraformJson }));
}

const securityGroupEdges = (architecture: Architecture) =>
  architecture.edges
    .filter((edge) => edge.labels.some((label) => /^(tcp|udp|all)/.test(label)))
    .map((edge) => ({ from: edge.from, to: edge.to, labels: edge.labels }))
    .sort((a, b) => THREE_EDGES_ORDER.indexOf(a.from) - THREE_EDGES_ORDER.indexOf(b.from));

/** Sources in the order of the path, so the edges compare whatever order the rules come in. */
const THREE_EDGES_ORDER = ['internet', 't_app_alb', 't_app_api'];

const THREE_EDGES = [
  { from: 'internet', to: 't_app_alb', labels: ['tcp 443'] },
  { from: 't_app_alb', to: 't_app_api', labels: ['tcp 3000'] },
  { from: 't_app_api', to: 't_data_postgres', labels: ['tcp 5432'] },
];

describe('security-group edges', () => {
  it('draws one labelled edge per ingress rule: internet → ALB 443, ALB → service 3000, service → RDS 5432', () => {
    const architecture = buildArchitecture('t', new SynthGraph(fixture()));
    expect(securityGroupEdges(architecture)).toEqual(THREE_EDGES);
  });

  it('follows the cross-stack reference of the RDS rule into the stack that owns the service group', () => {
    const graph = new SynthGraph(fixture());
    const rule = ingressRules(graph).find((r) => r.rule.name === 'postgres-from-service');
    expect(rule).toMatchObject({
      target: 't-data/aws_security_group.postgres-sg',
      sourceGroup: 't-app/aws_security_group.service-sg',
    });
  });

  it('reads the older spellings too: aws_security_group_rule and inline ingress blocks', () => {
    const architecture = buildArchitecture(
      't',
      new SynthGraph(
        fixture((stacks) => {
          const app = stacks['t-app'].resource;
          delete app.aws_vpc_security_group_ingress_rule;
          app.aws_security_group['alb-sg'].ingress = [
            { protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] },
          ];
          app.aws_security_group_rule = {
            'service-from-alb': {
              type: 'ingress',
              security_group_id: '${aws_security_group.service-sg.id}',
              source_security_group_id: '${aws_security_group.alb-sg.id}',
              protocol: 'tcp',
              from_port: 3000,
              to_port: 3000,
            },
          };
        }),
      ),
    );
    expect(securityGroupEdges(architecture)).toEqual(THREE_EDGES);
  });

  it('lists the ports of several rules between the same two boxes on one edge', () => {
    const architecture = buildArchitecture(
      't',
      new SynthGraph(
        fixture((stacks) => {
          stacks['t-app'].resource.aws_vpc_security_group_ingress_rule['http-from-internet'] = {
            security_group_id: '${aws_security_group.alb-sg.id}',
            cidr_ipv4: '0.0.0.0/0',
            ip_protocol: 'tcp',
            from_port: 80,
            to_port: 80,
          };
        }),
      ),
    );
    expect(securityGroupEdges(architecture)[0]).toEqual({
      from: 'internet',
      to: 't_app_alb',
      labels: ['tcp 80, 443'],
    });
  });

  it('notes a rule open to a private CIDR on the target instead of drawing the Internet', () => {
    const architecture = buildArchitecture(
      't',
      new SynthGraph(
        fixture((stacks) => {
          stacks['t-app'].resource.aws_vpc_security_group_ingress_rule[
            'https-from-internet'
          ].cidr_ipv4 = '10.0.0.0/16';
        }),
      ),
    );
    expect(architecture.nodes.find((n) => n.id === 't_app_alb')?.lines).toContain(
      'in: tcp 443 from 10.0.0.0/16',
    );
    expect(architecture.nodes.some((n) => n.id === 'internet')).toBe(false);
  });

  it('names port ranges and protocol -1 the way a reviewer reads them', () => {
    expect(portRange('tcp', 443, 443)).toBe('tcp 443');
    expect(portRange('tcp', 1024, 65535)).toBe('tcp 1024-65535');
    expect(portRange('-1', 0, 0)).toBe('all traffic');
  });
});

describe('traffic to the data tier', () => {
  it('joins a service to the database its task definition is given, across stacks and through a local value', () => {
    const stacks = fixture((s) => {
      s['t-data'].locals = { postgres_host: '${aws_db_instance.postgres.address}' };
      s['t-data'].output = {
        'cross-stack-output-localpostgres_host': { value: '${local.postgres_host}' },
      };
      s['t-app'].data = {
        terraform_remote_state: {
          'cross-stack-reference-input-t-data': { config: { key: 't-data/terraform.tfstate' } },
        },
      };
      s['t-app'].resource.aws_ecs_task_definition = {
        api: {
          container_definitions:
            '${jsonencode([{"name" = "api", "environment" = [{"name" = "DATABASE_HOST", "value" = data.terraform_remote_state.cross-stack-reference-input-t-data.outputs.cross-stack-output-localpostgres_host}]}])}',
        },
      };
      s['t-app'].resource.aws_ecs_service.api.task_definition =
        '${aws_ecs_task_definition.api.arn}';
    });
    const architecture = buildArchitecture('t', new SynthGraph(stacks));
    expect(architecture.edges).toContainEqual({
      from: 't_app_api',
      to: 't_data_postgres',
      kind: 'traffic',
      labels: ['connects', 'tcp 5432'],
    });
  });
});

describe('ECS services', () => {
  it('names the containers of a task that runs sidecars (the embedded data mode)', () => {
    const stacks = fixture((s) => {
      s['t-app'].resource.aws_ecs_task_definition = {
        api: {
          cpu: '1024',
          memory: '2048',
          container_definitions:
            '${jsonencode([{"name" = "api", "image" = "app:1", "environment" = [{"name" = "PORT", "value" = "3000"}]}, {"name" = "postgres", "image" = "postgres:18"}])}',
        },
      };
      s['t-app'].resource.aws_ecs_service.api.task_definition =
        '${aws_ecs_task_definition.api.arn}';
    });
    const architecture = buildArchitecture('t', new SynthGraph(stacks));
    expect(architecture.nodes.find((n) => n.id === 't_app_api')?.lines).toEqual([
      'ECS service t-api',
      '1 vCPU, 2 GB',
      'containers: api, postgres',
    ]);
  });
});

describe('an HTTP API in front of the service instead of the ALB', () => {
  /** The fixture with its ALB replaced by an HTTP API whose VPC link reaches the service through Cloud Map. */
  const httpApi = () =>
    fixture((s) => {
      const app = s['t-app'].resource;
      delete app.aws_lb;
      delete app.aws_vpc_security_group_ingress_rule['https-from-internet'];
      app.aws_security_group['alb-sg'].description = 'VPC link';
      app.aws_vpc_security_group_ingress_rule['service-from-alb'].from_port = 8080;
      app.aws_vpc_security_group_ingress_rule['service-from-alb'].to_port = 8080;
      app.aws_apigatewayv2_api = {
        'http-api': { name: 't-api', protocol_type: 'HTTP', disable_execute_api_endpoint: true },
      };
      app.aws_apigatewayv2_domain_name = {
        domain: {
          domain_name: 'api.${var.domain_name}',
          domain_name_configuration: { endpoint_type: 'REGIONAL', security_policy: 'TLS_1_2' },
        },
      };
      app.aws_apigatewayv2_api_mapping = {
        mapping: {
          api_id: '${aws_apigatewayv2_api.http-api.id}',
          domain_name: '${aws_apigatewayv2_domain_name.domain.domain_name}',
          stage: '${aws_apigatewayv2_stage.stage.name}',
        },
      };
      app.aws_apigatewayv2_stage = { stage: { api_id: '${aws_apigatewayv2_api.http-api.id}' } };
      app.aws_apigatewayv2_route = {
        default: {
          api_id: '${aws_apigatewayv2_api.http-api.id}',
          route_key: '$default',
          target: 'integrations/${aws_apigatewayv2_integration.integration.id}',
        },
      };
      app.aws_apigatewayv2_vpc_link = {
        link: {
          name: 't-api',
          subnet_ids: ['${aws_subnet.private-1.id}'],
          security_group_ids: ['${aws_security_group.alb-sg.id}'],
        },
      };
      app.aws_apigatewayv2_integration = {
        integration: {
          api_id: '${aws_apigatewayv2_api.http-api.id}',
          connection_type: 'VPC_LINK',
          connection_id: '${aws_apigatewayv2_vpc_link.link.id}',
          integration_type: 'HTTP_PROXY',
          integration_uri: '${aws_service_discovery_service.tasks.arn}',
        },
      };
      app.aws_service_discovery_private_dns_namespace = { namespace: { name: 't.internal' } };
      app.aws_service_discovery_service = {
        tasks: {
          name: 'tasks',
          dns_config: {
            namespace_id: '${aws_service_discovery_private_dns_namespace.namespace.id}',
          },
        },
      };
      app.aws_route53_record = {
        'api-alias': {
          name: 'api.${var.domain_name}',
          type: 'A',
          alias: {
            name: '${aws_apigatewayv2_domain_name.domain.domain_name_configuration[0].target_domain_name}',
          },
        },
      };
      app.aws_ecs_service.api.service_registries = {
        container_name: 'api',
        container_port: 8080,
        registry_arn: '${aws_service_discovery_service.tasks.arn}',
      };
    });

  it('draws Route53 → HTTP API (custom domain) → VPC link → service, the link joined to the service by Cloud Map and its security group', () => {
    const architecture = buildArchitecture('t', new SynthGraph(httpApi()));
    const boxes = Object.fromEntries(architecture.nodes.map((n) => [n.id, [n.tier, ...n.lines]]));
    expect(boxes).toMatchObject({
      t_app_http_api: [
        'regional',
        'API Gateway HTTP API t-api',
        'api.{domain_name} (TLS 1.2)',
        'route $default',
        'execute-api endpoint off',
      ],
      t_app_link: ['private', 'VPC link t-api', 'targets: Cloud Map t.internal/tasks'],
    });
    const service = 't_app_api';
    expect(boxes[service]?.[1]).toBe('ECS service t-api');
    expect(architecture.edges).toEqual(
      expect.arrayContaining([
        { from: 'dns_t_app_http_api', to: 't_app_http_api', kind: 'traffic', labels: ['alias A'] },
        { from: 'internet', to: 't_app_http_api', kind: 'traffic', labels: ['HTTPS 443'] },
        {
          from: 't_app_http_api',
          to: 't_app_link',
          kind: 'traffic',
          labels: ['integration HTTP_PROXY'],
        },
        {
          from: 't_app_link',
          to: service,
          kind: 'traffic',
          labels: ['forward → :8080', 'tcp 8080'],
        },
      ]),
    );
    expect(architecture.edges.some((e) => e.to === service && e.from === 'internet')).toBe(false);
  });
});

describe('tiers', () => {
  it('places each box in the tier of the subnets it runs in, through a DB subnet group too', () => {
    const architecture = buildArchitecture('t', new SynthGraph(fixture()));
    const tiers = Object.fromEntries(architecture.nodes.map((n) => [n.id, n.tier]));
    expect(tiers).toEqual({
      internet: 'outside',
      t_app_alb: 'public',
      t_app_api: 'private',
      t_data_postgres: 'data',
    });
  });
});

describe('renderers', () => {
  const architecture = buildArchitecture('t', new SynthGraph(fixture()));

  it('writes DOT with a cluster per tier and per stack, and the edge labels', () => {
    const dot = toDot(architecture);
    expect(dot).toContain('subgraph cluster_group_public {');
    expect(dot).toContain('subgraph cluster_group_data_t_data {');
    expect(dot).toContain('"t_app_api" -> "t_data_postgres" [label="tcp 5432"');
    expect(dot).toContain('"t_app_alb" [label=<<B>ALB t-api</B>>');
  });

  it('writes a Mermaid flowchart with the same groups and labelled edges', () => {
    const mermaid = toMermaid(architecture).split('\n');
    expect(mermaid[0]).toBe('flowchart LR');
    expect(mermaid).toContain('    subgraph group_data["data (isolated subnets)"]');
    expect(mermaid).toContain('  internet -->|"tcp 443"| t_app_alb');
    expect(mermaid).toContain('  t_app_api -->|"tcp 5432"| t_data_postgres');
  });
});
