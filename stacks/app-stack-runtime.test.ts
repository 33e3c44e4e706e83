import { type TerraformBlock } from '@skyport/modules/testing';
import { blocks, containersOf, named, stack } from './app-stack-test-support';

describe('<env>-app', () => {
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
