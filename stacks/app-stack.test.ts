import {
  decodeJsonencode,
  type TerraformBlock,
  type TerraformJson,
} from '@skyport/modules/testing';
import { ENVIRONMENTS, type EnvironmentProfile } from './config/environments';
import { EMBEDDED_DATA_WARNING } from './data-stack';
import { EMBEDDED_IMAGES } from './embedded-data';
import { synthesizeApp, withManagedDev } from './test-support';

// The `<env>-app` tests read both environments with managed data, dev's one setting away; dev
// ships with embedded data (decision 0025), tested as committed in "embedded data mode" below.
const committedDev = ENVIRONMENTS.dev as EnvironmentProfile;
const { stacks } = synthesizeApp({ profiles: withManagedDev() });
const stack = (id: string) => stacks.get(id) as TerraformJson;
const blocks = (json: TerraformJson, type: string) => Object.entries(json.resource?.[type] ?? {});
const named = (json: TerraformJson, type: string, pattern: RegExp) => {
  const found = blocks(json, type).filter(([name]) => pattern.test(name));
  if (found.length !== 1)
    throw new Error(`expected one ${type} matching ${pattern}, found ${found.length}`);
  return found[0] as [string, TerraformBlock];
};
const service = (json: TerraformJson, id: 'api' | 'worker') =>
  named(json, 'aws_ecs_service', new RegExp(`^${id}_`))[1];

interface Container {
  name: string;
  essential: boolean;
  stopTimeout: number;
  dependsOn?: { containerName: string; condition: string }[];
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  portMappings?: { containerPort: number }[];
}
const containersOf = (json: TerraformJson, family: RegExp) => {
  const [, task] = named(json, 'aws_ecs_task_definition', family);
  return decodeJsonencode(task.container_definitions) as Container[];
};

describe('<env>-app', () => {
  it('runs dev entirely on Fargate Spot', () => {
    for (const id of ['api', 'worker'] as const) {
      expect(service(stack('dev-app'), id).capacity_provider_strategy).toEqual([
        expect.objectContaining({ capacity_provider: 'FARGATE_SPOT', weight: 1 }),
      ]);
    }
  });

  it('keeps an on-demand base in prod and puts the rest mostly on Spot', () => {
    const strategy = service(stack('prod-app'), 'api')
      .capacity_provider_strategy as TerraformBlock[];
    expect(strategy).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ capacity_provider: 'FARGATE', base: 1, weight: 1 }),
        expect.objectContaining({ capacity_provider: 'FARGATE_SPOT', weight: 3 }),
      ]),
    );
  });

  it.each(['dev-app', 'prod-app'])('rolls a failed deployment back automatically in %s', (id) => {
    for (const which of ['api', 'worker'] as const) {
      expect(service(stack(id), which).deployment_circuit_breaker).toEqual({
        enable: true,
        rollback: true,
      });
    }
  });

  it('serves the API through the load balancer’s target group on port 3000 after the HTTPS listener exists', () => {
    const api = service(stack('prod-app'), 'api');
    expect(api.load_balancer).toEqual([
      expect.objectContaining({ container_name: 'api', container_port: 3000 }),
    ]);
    expect(api.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_lb_listener\./)]),
    );
  });

  it.each(['dev-app', 'prod-app'])(
    'keeps the API’s /metrics off the internet in %s: its own port, mapped nowhere and routed by no rule',
    (id) => {
      const json = stack(id);
      const [api] = containersOf(json, /^api-task_task-definition/);
      const environment = Object.fromEntries(
        (api?.environment ?? []).map((e) => [e.name, e.value]),
      );
      expect(environment).toMatchObject({ PORT: '3000', METRICS_PORT: '9464' });
      expect(api?.portMappings).toEqual([expect.objectContaining({ containerPort: 3000 })]);
      // Whatever the entry, it reaches the tasks on 3000 only.
      const toTasks = [
        ...blocks(json, 'aws_lb_target_group').map(([, group]) => group.port),
        ...blocks(json, 'aws_service_discovery_service')
          .map(() => service(json, 'api'))
          .map((api) => (api.service_registries as TerraformBlock).container_port),
      ];
      expect(toTasks).toEqual([3000]);
      // The path rule that answered /metrics with a 404 is gone: the public port has no /metrics.
      expect(blocks(json, 'aws_lb_listener_rule')).toEqual([]);
      expect(JSON.stringify(json)).not.toMatch(/"(from_port|to_port)":\s*"?9464/);
    },
  );

  it('gives Spot’s two-minute notice to in-flight work: worker stop timeout 120 s, API 60 s above a 30 s deregistration delay', () => {
    expect(containersOf(stack('prod-app'), /^worker-task_task-definition/)[0]?.stopTimeout).toBe(
      120,
    );
    expect(containersOf(stack('prod-app'), /^api-task_task-definition/)[0]?.stopTimeout).toBe(60);
    const [, targetGroup] = blocks(stack('prod-app'), 'aws_lb_target_group')[0] as [
      string,
      TerraformBlock,
    ];
    expect(targetGroup.deregistration_delay).toBe('30');
  });

  it('scales the worker on queue backlog per running task, from the contact queue', () => {
    const policies = blocks(stack('prod-app'), 'aws_appautoscaling_policy').map(([, p]) => p);
    const backlog = policies.find((p) => JSON.stringify(p).includes('QueueDepth'));
    const spec = (backlog?.target_tracking_scaling_policy_configuration as TerraformBlock)
      .customized_metric_specification as TerraformBlock;
    const metrics = spec.metrics as TerraformBlock[];
    expect(metrics.find((m) => m.return_data === true)?.expression).toBe('queued / workers');
    const queued = metrics.find((m) => m.id === 'queued')?.metric_stat as TerraformBlock;
    // Amazon MQ publishes no per-queue metrics for RabbitMQ 4: the worker reports the depth.
    expect(queued.metric).toMatchObject({
      namespace: 'Skyport',
      metric_name: 'QueueDepth',
      dimensions: [
        { name: 'Environment', value: 'prod' },
        { name: 'Queue', value: 'contact' },
      ],
    });
    expect(
      (backlog?.target_tracking_scaling_policy_configuration as TerraformBlock).target_value,
    ).toBe((ENVIRONMENTS.prod as EnvironmentProfile).app.worker.backlogPerTask);
    expect(backlog?.resource_id).toMatch(/worker/);
  });

  describe.each([
    [false, 'SampleCount of the workers’ own QueueDepth reports', 'Skyport', 'QueueDepth'],
    [true, 'Container Insights’ RunningTaskCount', 'ECS/ContainerInsights', 'RunningTaskCount'],
  ])('Container Insights %s', (insights, source, namespace, metricName) => {
    const prod = ENVIRONMENTS.prod as EnvironmentProfile;
    const json = synthesizeApp({
      environments: 'prod',
      profiles: { prod: { ...prod, app: { ...prod.app, containerInsights: insights } } },
    }).stacks.get('prod-app') as TerraformJson;

    it(`sets the cluster’s containerInsights and counts running workers from ${source}`, () => {
      const [, cluster] = named(json, 'aws_ecs_cluster', /^cluster/);
      expect(cluster.setting).toEqual([
        { name: 'containerInsights', value: insights ? 'enabled' : 'disabled' },
      ]);
      const policies = blocks(json, 'aws_appautoscaling_policy').map(([, p]) => p);
      const backlog = policies.find((p) => JSON.stringify(p).includes('queue-backlog'));
      const spec = (backlog?.target_tracking_scaling_policy_configuration as TerraformBlock)
        .customized_metric_specification as TerraformBlock;
      const workers = (spec.metrics as TerraformBlock[]).find((m) => m.id === 'workers')
        ?.metric_stat as TerraformBlock;
      expect(workers.metric).toMatchObject({ namespace, metric_name: metricName });
      expect(workers.stat).toBe(insights ? 'Average' : 'SampleCount');
    });

    it(`${insights ? 'needs no' : 'justifies the'} CKV_AWS_65 finding${insights ? '' : ', naming what replaces the metrics'}`, () => {
      const [, cluster] = named(json, 'aws_ecs_cluster', /^cluster/);
      const skips = ((cluster['//'] as TerraformBlock | undefined)?.checkov as TerraformBlock)
        ?.skip as TerraformBlock[] | undefined;
      if (insights) expect(skips).toBeUndefined();
      else
        expect(skips).toEqual([
          expect.objectContaining({
            id: 'CKV_AWS_65',
            comment: expect.stringMatching(/AWS\/ECS metrics with alarms.*queue-depth reports/),
          }),
        ]);
    });
  });

  it('scales the API on CPU, memory and requests per target within the profile’s bounds', () => {
    const json = stack('prod-app');
    const metrics = blocks(json, 'aws_appautoscaling_policy')
      .map(
        ([, p]) =>
          (p.target_tracking_scaling_policy_configuration as TerraformBlock)
            .predefined_metric_specification,
      )
      .filter(Boolean)
      .map((m) => (m as TerraformBlock).predefined_metric_type)
      .sort();
    expect(metrics).toEqual([
      'ALBRequestCountPerTarget',
      'ECSServiceAverageCPUUtilization',
      'ECSServiceAverageMemoryUtilization',
    ]);
    const targets = blocks(json, 'aws_appautoscaling_target').map(([, t]) => [
      t.min_capacity,
      t.max_capacity,
    ]);
    expect(targets).toEqual(
      expect.arrayContaining([
        [2, 10],
        [1, 10],
      ]),
    );
  });

  it('starts tasks only once the capacity providers and the egress rules exist', () => {
    const json = stack('prod-app');
    const [capacity] = named(json, 'aws_ecs_cluster_capacity_providers', /capacity-providers/);
    const egress = blocks(json, 'aws_vpc_security_group_egress_rule')
      .filter(([name]) => name.startsWith('tasks-to-'))
      .map(([name]) => `aws_vpc_security_group_egress_rule.${name}`);
    expect(egress).toHaveLength(4);
    const [, migrations] = named(json, 'terraform_data', /^run-migrations/);
    for (const dependent of [service(json, 'api'), service(json, 'worker'), migrations]) {
      expect(dependent.depends_on).toEqual(
        expect.arrayContaining([`aws_ecs_cluster_capacity_providers.${capacity}`, ...egress]),
      );
    }
  });

  it('runs the migration task during the apply, before either service changes', () => {
    const json = stack('dev-app');
    const [migrationsName, migrations] = named(json, 'terraform_data', /^run-migrations/);
    expect(JSON.stringify(migrations.triggers_replace)).toMatch(
      /aws_ecs_task_definition\.migrate-task/,
    );
    const [exec] = migrations.provisioner as TerraformBlock[];
    expect((exec?.['local-exec'] as TerraformBlock).command).toBe(
      '../../../scripts/run-migration.sh',
    );
    for (const id of ['api', 'worker'] as const) {
      expect(service(json, id).depends_on).toContain(`terraform_data.${migrationsName}`);
    }
    expect(containersOf(json, /^migrate-task_task-definition/).map((c) => c.name)).toEqual([
      'migrate',
    ]);
  });

  it('tells the app where each data service is, with TLS, and the same variable names everywhere', () => {
    const environment = Object.fromEntries(
      (containersOf(stack('dev-app'), /^api-task_task-definition/)[0]?.environment ?? []).map(
        (e) => [e.name, e.value],
      ),
    );
    expect(environment).toMatchObject({
      DATABASE_SSL: 'verify-full',
      REDIS_TLS: 'true',
      RABBITMQ_TLS: 'true',
      RABBITMQ_PORT: '5671',
    });
    expect(environment.DATABASE_HOST).toMatch(
      /terraform_remote_state\.cross-stack-reference-input-dev-data/,
    );
  });

  it('lets only the worker e-mail the owner, as notifications@<domain> through the SES identity it creates', () => {
    const json = stack('dev-app');
    const identity = named(json, 'aws_sesv2_email_identity', /^contact-mail_identity/);
    expect(identity[1]).toMatchObject({ email_identity: '${var.domain_name}' });
    expect(
      blocks(json, 'aws_route53_record').filter(([name]) =>
        name.startsWith('contact-mail_dkim-record-'),
      ),
    ).toHaveLength(3);
    const senders = Object.entries(json.data?.aws_iam_policy_document ?? {}).flatMap(
      ([name, document]) =>
        ((document as { statement?: Array<{ actions?: string[] }> }).statement ?? [])
          .filter((statement) => statement.actions?.some((action) => action.startsWith('ses:')))
          .map((statement) => [name, statement] as const),
    );
    expect(senders).toEqual([
      [
        expect.stringMatching(/^worker-task_/),
        {
          sid: 'SendContactEmailsAsTheSiteOnly',
          effect: 'Allow',
          actions: ['ses:SendEmail'],
          resources: [`\${aws_sesv2_email_identity.${identity[0]}.arn}`],
          condition: [
            {
              test: 'StringEquals',
              variable: 'ses:FromAddress',
              values: ['notifications@${var.domain_name}'],
            },
          ],
        },
      ],
    ]);
    const environment = Object.fromEntries(
      (containersOf(json, /^worker-task_task-definition/)[0]?.environment ?? []).map((e) => [
        e.name,
        e.value,
      ]),
    );
    expect(environment).toMatchObject({
      NOTIFY_EMAIL_FROM: 'notifications@${var.domain_name}',
      SES_REGION: expect.stringMatching(/^\$\{data\.aws_region\./),
    });
  });

  it('sends the API’s and the worker’s traces over OTLP/HTTP to the collector beside them in prod, and stops them before it', () => {
    for (const id of ['api', 'worker'] as const) {
      const containers = containersOf(stack('prod-app'), new RegExp(`^${id}-task_task-definition`));
      const app = containers.find((c) => c.name === id);
      const collector = containers.find((c) => c.name === 'otel-collector');
      expect(collector).toMatchObject({ essential: false });
      const collectorConfig = collector?.environment?.find((e) => e.name === 'AOT_CONFIG_CONTENT');
      // The app's endpoint is the receiver the collector opens for OTLP/HTTP.
      expect(collectorConfig?.value).toMatch(/http:\n\s+endpoint: 127\.0\.0\.1:4318/);
      expect(app?.environment).toContainEqual({
        name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
        value: 'http://127.0.0.1:4318',
      });
      // The spans of both processes carry the same deployment.environment.name.
      expect(app?.environment).toContainEqual({ name: 'METRICS_ENVIRONMENT', value: 'prod' });
      // ECS stops containers in the reverse order of their start dependencies.
      expect(app?.dependsOn).toEqual([{ containerName: 'otel-collector', condition: 'START' }]);
    }
    const dev = containersOf(stack('dev-app'), /^api-task_task-definition/);
    expect(dev.map((c) => c.name)).toEqual(['api']);
    expect(dev[0]?.environment?.map((e) => e.name)).not.toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(dev[0]?.dependsOn).toBeUndefined();
  });

  it('sends alarms for the API, the services and every data service to an encrypted topic', () => {
    const json = stack('prod-app');
    const names = blocks(json, 'aws_cloudwatch_metric_alarm').map(
      ([, a]) => a.alarm_name as string,
    );
    for (const alarm of [
      'api-5xx-rate',
      'api-latency-p95',
      'api-unhealthy-targets',
      'api-cpu-high',
      'worker-memory-high',
      'postgres-storage-low',
      'cache-memory-high',
      'contact-queue-backlog',
      'contact-dead-letters',
    ]) {
      expect(names).toContain(`skyport-prod-${alarm}`);
    }
    // 80% of the default max_connections of each environment's class (t4g.medium: ~405, micro: ~101).
    const connections = (id: string) =>
      blocks(stack(id), 'aws_cloudwatch_metric_alarm').find(([, a]) =>
        (a.alarm_name as string).endsWith('postgres-connections-high'),
      )?.[1].threshold;
    expect([connections('dev-app'), connections('prod-app')]).toEqual([80, 324]);
    const [, topic] = blocks(json, 'aws_sns_topic')[0] as [string, TerraformBlock];
    expect(topic.kms_master_key_id).toMatch(/cross-stack-output-aws_kms_key/);
  });

  describe('the API’s entry (profile apiIngress)', () => {
    const dev = stack('dev-app');
    const prod = stack('prod-app');
    const types = (json: TerraformJson) => Object.keys(json.resource ?? {});

    it('ships dev behind an API Gateway HTTP API and prod behind the load balancer with its WAF', () => {
      expect([committedDev.app.apiIngress, ENVIRONMENTS.prod?.app.apiIngress]).toEqual([
        'http-api',
        'internet',
      ]);
      expect(types(dev).filter((t) => /^aws_(lb|alb|wafv2)/.test(t))).toEqual([]);
      expect(types(dev)).toEqual(
        expect.arrayContaining(['aws_apigatewayv2_api', 'aws_apigatewayv2_vpc_link']),
      );
      expect(types(prod).filter((t) => /^aws_(apigatewayv2|service_discovery)_/.test(t))).toEqual(
        [],
      );
      expect(types(prod)).toEqual(expect.arrayContaining(['aws_lb', 'aws_wafv2_web_acl']));
    });

    it('registers dev’s API tasks in the Cloud Map service the HTTP API’s VPC link integrates with', () => {
      const api = service(dev, 'api');
      const [discoveryName] = named(dev, 'aws_service_discovery_service', /./);
      expect(api.load_balancer).toBeUndefined();
      expect(api.service_registries).toEqual({
        registry_arn: `\${aws_service_discovery_service.${discoveryName}.arn}`,
        container_name: 'api',
        container_port: 3000,
      });
      const [, integration] = named(dev, 'aws_apigatewayv2_integration', /./);
      expect(integration).toMatchObject({
        connection_type: 'VPC_LINK',
        integration_uri: `\${aws_service_discovery_service.${discoveryName}.arn}`,
      });
      // Without target health checks, the container's own check decides which task is replaced.
      const [container] = containersOf(dev, /^api-task_task-definition/);
      // The client's address comes in the header the integration overwrites, not X-Forwarded-For.
      expect(integration.request_parameters).toEqual({
        'overwrite:header.x-client-ip': '$context.identity.sourceIp',
      });
      expect(container?.environment).toContainEqual({
        name: 'CLIENT_ADDRESS_HEADER',
        value: 'x-client-ip',
      });
      const [prodApi] = containersOf(prod, /^api-task_task-definition/);
      expect(prodApi?.environment?.map((e) => e.name)).not.toContain('CLIENT_ADDRESS_HEADER');
      expect(container).toHaveProperty('healthCheck');
      expect(api.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    });

    it('lets the VPC link reach the tasks’ security group on 3000 and nothing else', () => {
      const [linkGroup] = named(dev, 'aws_security_group', /^api-http-api_security-group/);
      const linkId = `\${aws_security_group.${linkGroup}.id}`;
      const fromLink = blocks(dev, 'aws_vpc_security_group_ingress_rule')
        .map(([, rule]) => rule)
        .filter((rule) => rule.referenced_security_group_id === linkId);
      expect(fromLink).toEqual([
        expect.objectContaining({ ip_protocol: 'tcp', from_port: 3000, to_port: 3000 }),
      ]);
      expect(String(fromLink[0]?.security_group_id)).toMatch(/app-security-group/);
      const fromLinkOut = blocks(dev, 'aws_vpc_security_group_egress_rule')
        .map(([, rule]) => rule)
        .filter((rule) => rule.security_group_id === linkId);
      expect(fromLinkOut).toEqual([
        expect.objectContaining({ ip_protocol: 'tcp', from_port: 3000, to_port: 3000 }),
      ]);
      expect(String(fromLinkOut[0]?.referenced_security_group_id)).toMatch(/app-security-group/);
    });

    it('answers on api.<domain> with logged, throttled requests', () => {
      const [, domain] = named(dev, 'aws_apigatewayv2_domain_name', /./);
      expect(domain.domain_name).toBe('api.${var.domain_name}');
      const [, stage] = named(dev, 'aws_apigatewayv2_stage', /./);
      expect(stage).toMatchObject({
        default_route_settings: { throttling_rate_limit: 50, throttling_burst_limit: 100 },
      });
      const [, logGroup] = named(dev, 'aws_cloudwatch_log_group', /access-logs/);
      expect(logGroup).toMatchObject({ retention_in_days: committedDev.logRetentionDays });
      expect(String(logGroup.kms_key_id)).toMatch(/cross-stack-output-aws_kms_key/);
    });

    it('scales dev’s API on CPU and memory only, an HTTP API having no requests per target', () => {
      const metrics = blocks(dev, 'aws_appautoscaling_policy')
        .map(([name, p]) => [
          name,
          (
            (p.target_tracking_scaling_policy_configuration as TerraformBlock)
              .predefined_metric_specification as TerraformBlock | undefined
          )?.predefined_metric_type,
        ])
        .filter(([name]) => String(name).startsWith('api_'))
        .map(([, metric]) => metric)
        .sort();
      expect(metrics).toEqual([
        'ECSServiceAverageCPUUtilization',
        'ECSServiceAverageMemoryUtilization',
      ]);
    });

    it('alarms on the HTTP API’s 5XX rate and latency in dev, with no target health to watch', () => {
      const alarms = blocks(dev, 'aws_cloudwatch_metric_alarm').map(([, a]) => a);
      const byName = (suffix: string) =>
        alarms.find((a) => (a.alarm_name as string) === `skyport-dev-${suffix}`);
      expect(byName('api-unhealthy-targets')).toBeUndefined();
      expect(byName('api-latency-p95')).toMatchObject({
        namespace: 'AWS/ApiGateway',
        metric_name: 'Latency',
        extended_statistic: 'p95',
        threshold: 1500,
      });
      const queries = byName('api-5xx-rate')?.metric_query as TerraformBlock[];
      expect(
        queries
          .map((q) => q.metric as TerraformBlock | undefined)
          .filter(Boolean)
          .map((m) => [m?.namespace, m?.metric_name, Object.keys(m?.dimensions as object).sort()]),
      ).toEqual([
        ['AWS/ApiGateway', 'Count', ['ApiId', 'Stage']],
        ['AWS/ApiGateway', '5xx', ['ApiId', 'Stage']],
      ]);
    });
  });

  it('declares the account values it needs as variables', () => {
    expect(Object.keys(stack('dev-app').variable ?? {}).sort()).toEqual([
      'alert_email',
      'bedrock_model_id',
      'domain_name',
      'hosted_zone_id',
      'image_tag',
      'owner_email',
    ]);
  });

  describe.each(['dev-app', 'prod-app'])('%s: owner and access-token key', (id) => {
    const json = stack(id);
    const [secretName, secret] = named(json, 'aws_secretsmanager_secret', /^auth-token-secret_/);
    const valueFrom = `\${aws_secretsmanager_secret.${secretName}.arn}:password::`;
    const tasks = ['api', 'worker', 'migrate'];
    const container = (task: string) =>
      containersOf(json, new RegExp(`^${task}-task_task-definition`))[0];

    it('generates the key in Secrets Manager, encrypted with the environment key', () => {
      expect(secret).toMatchObject({
        name_prefix: `skyport-${id.replace(/-app$/, '')}-auth-token-secret-`,
        kms_key_id: expect.stringMatching(/cross-stack-output-aws_kms_key/),
      });
      const [, version] = named(json, 'aws_secretsmanager_secret_version', /^auth-token-secret_/);
      expect(version.secret_string).toMatch(
        /^\$\{jsonencode\(\{"password" = data\.aws_secretsmanager_random_password\.auth-token-secret_/,
      );
      const [, generator] = Object.entries(
        json.data?.aws_secretsmanager_random_password ?? {},
      ).find(([name]) => name.startsWith('auth-token-secret_')) as [string, TerraformBlock];
      expect(generator.password_length).toBeGreaterThanOrEqual(32);
    });

    it.each(tasks)(
      'injects AUTH_TOKEN_SECRET into %s as a secret, never as plain environment',
      (task) => {
        expect(container(task)?.secrets).toContainEqual({ name: 'AUTH_TOKEN_SECRET', valueFrom });
        expect(container(task)?.environment?.map((e) => e.name)).not.toContain('AUTH_TOKEN_SECRET');
      },
    );

    it.each(tasks)('gives %s OWNER_EMAIL from the owner_email variable', (task) => {
      expect(container(task)?.environment).toContainEqual({
        name: 'OWNER_EMAIL',
        value: '${var.owner_email}',
      });
    });

    it('lets the three execution roles read the key, and no task role', () => {
      const documents = Object.entries(json.data?.aws_iam_policy_document ?? {});
      const readers = documents
        .filter(([, document]) =>
          (document.statement as TerraformBlock[]).some(
            (statement) =>
              (statement.actions as string[]).includes('secretsmanager:GetSecretValue') &&
              (statement.resources as string[]).includes(
                `\${aws_secretsmanager_secret.${secretName}.arn}`,
              ),
          ),
        )
        .map(([name]) => name.replace(/_[0-9A-F]{8}$/, ''))
        .sort();
      expect(readers).toEqual([
        'api-task_execution',
        'migrate-task_execution',
        'worker-task_execution',
      ]);
    });
  });
});

describe('embedded data mode (dev as committed)', () => {
  const embedded = synthesizeApp({ environments: 'dev' });

  it('is how dev ships, with the API task at the least size embedded data accepts', () => {
    expect(committedDev.data.mode).toBe('embedded');
    expect([committedDev.app.api.cpu, committedDev.app.api.memoryMiB]).toEqual([1024, 2048]);
  });

  const data = embedded.stacks.get('dev-data') as TerraformJson;
  const app = embedded.stacks.get('dev-app') as TerraformJson;

  it('creates no RDS, ElastiCache or Amazon MQ resource', () => {
    const types = [...embedded.stacks.values()].flatMap((json) => Object.keys(json.resource ?? {}));
    expect(types.filter((t) => /^aws_(db_|rds_|elasticache_|mq_)/.test(t))).toEqual([]);
    expect(Object.keys(data.resource ?? {}).sort()).toEqual([
      'aws_secretsmanager_secret',
      'aws_secretsmanager_secret_version',
    ]);
  });

  it('runs PostgreSQL, Valkey and RabbitMQ as sidecars of the one API task, and migrates before the app starts', () => {
    expect(blocks(app, 'aws_ecs_task_definition')).toHaveLength(1);
    const containers = containersOf(app, /^api-task_task-definition/);
    expect(containers.map((c) => c.name).sort()).toEqual([
      'api',
      'migrate',
      'postgres',
      'rabbitmq',
      'valkey',
      'worker',
    ]);
    expect(JSON.stringify(containers)).toContain(EMBEDDED_IMAGES.postgres);
    expect(containers.find((c) => c.name === 'api')?.dependsOn).toEqual([
      { containerName: 'migrate', condition: 'SUCCESS' },
    ]);
    expect(containers.find((c) => c.name === 'migrate')).toMatchObject({ essential: false });
    const env = Object.fromEntries(
      (containers.find((c) => c.name === 'api')?.environment ?? []).map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      DATABASE_HOST: 'localhost',
      DATABASE_SSL: 'disable',
      REDIS_HOST: 'localhost',
      RABBITMQ_PORT: '5672',
      OWNER_EMAIL: '${var.owner_email}',
    });
    for (const name of ['api', 'worker', 'migrate']) {
      const container = containers.find((c) => c.name === name);
      expect(container?.secrets?.map((s) => s.name)).toContain('AUTH_TOKEN_SECRET');
      expect(container?.environment?.map((e) => e.name)).not.toContain('AUTH_TOKEN_SECRET');
    }
  });

  it('runs exactly one task, since each task would have its own empty database', () => {
    expect(blocks(app, 'aws_ecs_service')).toHaveLength(1);
    const [[, target]] = blocks(app, 'aws_appautoscaling_target') as [[string, TerraformBlock]];
    expect([target.min_capacity, target.max_capacity]).toEqual([1, 1]);
  });

  it('warns at synth that the data does not survive a restart', () => {
    expect(embedded.warnings).toEqual([`dev-data: ${EMBEDDED_DATA_WARNING}`]);
  });
});
