import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A small synthesized app, environment `demo`, shaped like Skyport's (stacks/): a network stack,
 * an app stack that reads it through remote state and owns the image repository, the migration
 * task run by `terraform_data.run-migrations` (the real scripts/run-migration.sh) and a service
 * that waits for steady state, and an edge stack with the site bucket and distribution. Only
 * resources moto can create, so the deploy commands run end to end on loopback.
 */
const REGION = 'eu-west-1';
export const STATE_BUCKET = 'demo-skyport-state';
const meta = { skyport: { environment: 'demo', stage: 'development' } };
const backend = (stack: string) => ({
  s3: {
    bucket: STATE_BUCKET,
    key: `${stack}/terraform.tfstate`,
    region: REGION,
    use_lockfile: true,
  },
});
const terraform = (stack: string) => ({
  required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } },
  backend: backend(stack),
});
const provider = { aws: [{ region: REGION }] };
const variable = (pattern: string, message: string) => ({
  type: 'string',
  nullable: false,
  description: message,
  validation: [
    { condition: `\${can(regex(${JSON.stringify(pattern)}, var.NAME))}`, error_message: message },
  ],
});
const declared = (name: string, pattern: string, message: string) => {
  const block = variable(pattern, message);
  block.validation[0]!.condition = block.validation[0]!.condition.replace('NAME', name);
  return block;
};
const DOMAIN = declared(
  'domain_name',
  '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$',
  'domain_name must be a lowercase DNS name such as "example.com" (no scheme, no trailing dot).',
);
const IMAGE_TAG = declared(
  'image_tag',
  '^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$',
  'image_tag must be a Docker tag such as a git SHA.',
);
const EMAIL = declared(
  'alert_email',
  '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  'alert_email must be an e-mail address.',
);

function network() {
  return {
    '//': meta,
    terraform: terraform('demo-network'),
    provider,
    resource: {
      aws_vpc: { vpc: { cidr_block: '10.30.0.0/16' } },
      aws_subnet: {
        public: {
          vpc_id: '${aws_vpc.vpc.id}',
          cidr_block: '10.30.0.0/24',
          availability_zone: 'eu-west-1a',
        },
      },
      aws_security_group: { tasks: { name: 'demo-tasks', vpc_id: '${aws_vpc.vpc.id}' } },
    },
    output: {
      subnet_id: { value: '${aws_subnet.public.id}' },
      security_group_id: { value: '${aws_security_group.tasks.id}' },
    },
  };
}

function container(name: string, command: string[]) {
  return `\${jsonencode([{ name = "${name}", image = "\${aws_ecr_repository.api-repository.repository_url}:\${var.image_tag}", essential = true, command = ${JSON.stringify(command)} }])}`;
}

function app(migrationScript: string) {
  const network = '${data.terraform_remote_state.network.outputs';
  const task = (family: string, name: string, command: string[]) => ({
    family,
    requires_compatibilities: ['FARGATE'],
    network_mode: 'awsvpc',
    cpu: '256',
    memory: '512',
    runtime_platform: { cpu_architecture: 'ARM64', operating_system_family: 'LINUX' },
    container_definitions: container(name, command),
  });
  return {
    '//': meta,
    terraform: terraform('demo-app'),
    provider,
    variable: { image_tag: IMAGE_TAG, domain_name: DOMAIN, alert_email: EMAIL },
    data: {
      terraform_remote_state: {
        network: { backend: 's3', config: backend('demo-network').s3 },
      },
    },
    resource: {
      aws_ecr_repository: {
        'api-repository': {
          name: 'demo/api',
          image_tag_mutability: 'IMMUTABLE',
          force_delete: true,
        },
      },
      aws_ecs_cluster: { cluster: { name: 'demo' } },
      aws_ecs_task_definition: {
        migrate: task('demo-migrate', 'migrate', ['node', 'dist/migrate.js']),
        api: task('demo-api', 'api', ['node', 'dist/main.js']),
      },
      aws_sns_topic: { alarms: { name: 'demo-alarms' } },
      aws_sns_topic_subscription: {
        alarms: {
          topic_arn: '${aws_sns_topic.alarms.arn}',
          protocol: 'email',
          endpoint: '${var.alert_email}',
        },
      },
      terraform_data: {
        'run-migrations': {
          triggers_replace: { taskDefinition: '${aws_ecs_task_definition.migrate.arn}' },
          provisioner: [
            {
              'local-exec': {
                command: migrationScript,
                environment: {
                  CLUSTER: '${aws_ecs_cluster.cluster.name}',
                  TASK_DEFINITION: '${aws_ecs_task_definition.migrate.arn}',
                  SUBNETS: `${network}.subnet_id}`,
                  SECURITY_GROUPS: `${network}.security_group_id}`,
                  ASSIGN_PUBLIC_IP: 'ENABLED',
                  AWS_REGION: REGION,
                },
              },
            },
          ],
        },
      },
      aws_ecs_service: {
        api: {
          name: 'demo-api',
          cluster: '${aws_ecs_cluster.cluster.arn}',
          task_definition: '${aws_ecs_task_definition.api.arn}',
          desired_count: 1,
          launch_type: 'FARGATE',
          force_new_deployment: true,
          wait_for_steady_state: true,
          deployment_circuit_breaker: { enable: true, rollback: true },
          network_configuration: {
            subnets: [`${network}.subnet_id}`],
            security_groups: [`${network}.security_group_id}`],
            assign_public_ip: true,
          },
          depends_on: ['terraform_data.run-migrations'],
        },
      },
    },
    output: {
      repository_url: { value: '${aws_ecr_repository.api-repository.repository_url}' },
      api_url: { value: 'https://api.${var.domain_name}' },
    },
  };
}

function edge() {
  return {
    '//': meta,
    terraform: terraform('demo-edge'),
    provider,
    variable: { domain_name: DOMAIN },
    resource: {
      aws_s3_bucket: { site: { bucket: 'demo-skyport-site', force_destroy: true } },
      aws_cloudfront_distribution: {
        site: {
          enabled: true,
          comment: '${var.domain_name}',
          wait_for_deployment: false,
          origin: [
            { domain_name: '${aws_s3_bucket.site.bucket_regional_domain_name}', origin_id: 'site' },
          ],
          default_cache_behavior: {
            target_origin_id: 'site',
            viewer_protocol_policy: 'redirect-to-https',
            allowed_methods: ['GET', 'HEAD'],
            cached_methods: ['GET', 'HEAD'],
            forwarded_values: { query_string: false, cookies: { forward: 'none' } },
          },
          restrictions: { geo_restriction: { restriction_type: 'none' } },
          viewer_certificate: { cloudfront_default_certificate: true },
        },
      },
    },
    output: {
      site_bucket: { value: '${aws_s3_bucket.site.bucket}' },
      distribution_id: { value: '${aws_cloudfront_distribution.site.id}' },
    },
  };
}

/** Writes the app into `<root>/cdktf.out` the way cdktf does (manifest plus one folder per stack). */
export function writeDemoApp(root: string, migrationScript: string): string {
  const outdir = path.join(root, 'cdktf.out');
  const stacks = {
    'demo-app': app(migrationScript),
    'demo-edge': edge(),
    'demo-network': network(),
  };
  const dependencies: Record<string, string[]> = { 'demo-app': ['demo-network'] };
  const manifest = { version: '0.21.0', stacks: {} as Record<string, unknown> };
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(path.join(outdir, 'stacks', name), { recursive: true });
    writeFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json, null, 2));
    manifest.stacks[name] = {
      name,
      constructPath: name,
      workingDirectory: `stacks/${name}`,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      annotations: [],
      dependencies: dependencies[name] ?? [],
    };
  }
  writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return outdir;
}

/**
 * Stand-ins for the AWS CLI and docker on PATH (no docker engine, no AWS here): each records its
 * calls with a millisecond timestamp. `aws ecr describe-images` knows the tags docker "pushed";
 * `aws ecs describe-tasks` reports the migration task stopped with the exit code in
 * `<bin>/migration-exit` (0 unless a test writes another).
 */
export function writeStandIns(bin: string): void {
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, 'migration-exit'), '0\n');
  writeFileSync(path.join(bin, 'pushed'), '');
  const stamp = 'echo "$(($(date +%s%N) / 1000000)) $(basename "$0") $*" >> "$BIN/calls"';
  writeFileSync(
    path.join(bin, 'aws'),
    `#!/usr/bin/env bash
BIN=${JSON.stringify(bin)}
${stamp}
case "$1 $2" in
  "ecr describe-images")
    all="$*"; tag=\${all##*imageTag=}; tag=\${tag%% *}
    if grep -qx "$tag" "$BIN/pushed"; then echo '{"imageDetails":[{}]}'; exit 0; fi
    echo "An error occurred (ImageNotFoundException) when calling the DescribeImages operation" >&2; exit 254 ;;
  "ecr get-login-password") echo "stand-in-password" ;;
  "ecs run-task") echo "arn:aws:ecs:eu-west-1:123456789012:task/demo/migration1" ;;
  "ecs describe-tasks") printf 'STOPPED\\t%s\\tEssential container in task exited\\n' "$(cat "$BIN/migration-exit")" ;;
  *) echo "aws stand-in: unexpected call: $*" >&2; exit 3 ;;
esac
`,
  );
  writeFileSync(
    path.join(bin, 'docker'),
    `#!/usr/bin/env bash
BIN=${JSON.stringify(bin)}
${stamp}
case "$1" in
  login) cat > /dev/null; echo "Login Succeeded" ;;
  buildx)
    for arg in "$@"; do case "$arg" in *:*) ref=$arg ;; esac; done
    echo "\${ref##*:}" >> "$BIN/pushed" ;;
  *) echo "docker stand-in: unexpected call: $*" >&2; exit 3 ;;
esac
`,
  );
  chmodSync(path.join(bin, 'aws'), 0o755);
  chmodSync(path.join(bin, 'docker'), 0o755);
}
