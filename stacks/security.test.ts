import {
  decodeJsonencode,
  type TerraformBlock,
  type TerraformJson,
} from '@skyport/modules/testing';
import { synthesizeApp, withManagedDev } from './test-support';

/**
 * Properties that must hold in every stack of every environment, checked over the JSON `make
 * synth` writes, as an auditor would read it.
 */

// Sentinels in the synth environment: none of them may end up in the output.
const SENTINELS = {
  DATABASE_PASSWORD: 'sentinel-db-password-7f3a9c',
  REDIS_PASSWORD: 'sentinel-redis-password-51be02',
  RABBITMQ_PASSWORD: 'sentinel-amqp-password-c0ffee',
  AWS_SECRET_ACCESS_KEY: 'sentinelSecretAccessKey0123456789abcdef',
  AWS_ACCESS_KEY_ID: 'sentinel-access-key-id-4e1d',
};
// In process.env itself, where any code that reads the environment would find them.
const saved = { ...process.env };
Object.assign(process.env, SENTINELS);
// Dev with managed data (one setting away) for the data-tier checks, and dev as committed
// (embedded data, decision 0025) so the sidecars and their secrets are checked too.
const synthesized = synthesizeApp({ profiles: withManagedDev() });
const committed = synthesizeApp();
for (const name of Object.keys(SENTINELS)) {
  if (saved[name] === undefined) delete process.env[name];
  else process.env[name] = saved[name];
}
const embeddedDev = [...committed.stacks.entries()]
  .filter(([stack]) => stack.startsWith('dev-'))
  .map(([stack, json]) => [`${stack} (embedded data)`, json] as const);
const all = [...synthesized.stacks.entries(), ...embeddedDev];

function blocksOf(json: TerraformJson, type: string): [string, TerraformBlock][] {
  return Object.entries(json.resource?.[type] ?? {});
}

function everywhere(type: string): [string, string, TerraformBlock][] {
  return all.flatMap(([stack, json]) =>
    blocksOf(json, type).map(
      ([name, block]) => [stack, name, block] as [string, string, TerraformBlock],
    ),
  );
}

interface ContainerDefinition {
  name: string;
  image: string;
  user?: string;
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
}

const containers = everywhere('aws_ecs_task_definition').flatMap(([stack, , task]) =>
  (decodeJsonencode(task.container_definitions) as ContainerDefinition[]).map(
    (c) => [stack, c] as const,
  ),
);

describe('secrets', () => {
  it('leaves no secret from the synth environment anywhere in cdktf.out', () => {
    for (const sentinel of Object.values(SENTINELS))
      expect(synthesized.text + committed.text).not.toContain(sentinel);
  });

  it('writes no password, token or secret string as a literal: only references to generated values', () => {
    const sensitive = /"(password|auth_token|secret_string|master_password)"\s*:\s*"([^"]*)"/g;
    const literals = [...(synthesized.text + committed.text).matchAll(sensitive)].filter(
      ([, , value]) => !value?.startsWith('${'),
    );
    expect(literals.map(([match]) => match)).toEqual([]);
  });

  it('passes credentials to containers only as secrets, never as environment values', () => {
    for (const [, container] of containers) {
      for (const variable of container.environment ?? []) {
        // An ARN names a secret; it is not one.
        if (variable.name.endsWith('_ARN')) expect(variable.value).toMatch(/^\$\{|^arn:/);
        else expect(variable.name).not.toMatch(/PASSWORD|SECRET|TOKEN|_KEY$/);
      }
    }
    const apiSecrets = containers
      .find(([, c]) => c.name === 'api')?.[1]
      .secrets?.map((s) => s.name);
    expect(apiSecrets).toEqual(
      expect.arrayContaining([
        'DATABASE_PASSWORD',
        'REDIS_PASSWORD',
        'RABBITMQ_PASSWORD',
        'AUTH_TOKEN_SECRET',
      ]),
    );
  });
});

describe('Terraform expressions', () => {
  // In a Terraform string, a backslash starts an escape: \n \r \t \" \\ \uNNNN \UNNNNNNNN.
  // Anything else (a regex's \. for instance) is a syntax error at validate.
  it('uses only valid escapes inside ${...} expressions', () => {
    const strings: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    for (const [, json] of all) collect(json);
    const hasInvalidEscape = (text: string) => {
      for (let i = 0; i < text.length; i++) {
        if (text[i] !== '\\') continue;
        if (!'nrt"\\uU'.includes(text[i + 1] ?? '')) return true;
        i++; // skip the escaped character, so "\\\\." is a backslash and a dot
      }
      return false;
    };
    const invalid = strings.filter((s) => s.includes('${') && hasInvalidEscape(s));
    expect(invalid).toEqual([]);
    expect(strings.length).toBeGreaterThan(1000);
  });
});

describe('containers', () => {
  it('finds the API, worker and migration containers of both environments, and of dev with embedded data', () => {
    for (const name of ['api', 'worker', 'migrate'])
      expect(containers.filter(([, c]) => c.name === name).map(([stack]) => stack)).toEqual([
        'dev-app',
        'prod-app',
        'dev-app (embedded data)',
      ]);
  });

  it.each(containers.map(([stack, c]) => [`${stack}/${c.name}`, c] as const))(
    '%s runs non-privileged, as a non-root user, on a read-only root filesystem',
    (_name, container) => {
      expect(container.privileged).toBe(false);
      expect(container.readonlyRootFilesystem).toBe(true);
      expect(container.user).toMatch(/^[1-9]\d*(:\d+)?$/);
    },
  );

  it('runs every task definition on Fargate, ARM64', () => {
    const tasks = everywhere('aws_ecs_task_definition');
    expect(tasks.length).toBeGreaterThan(0);
    for (const [, , task] of tasks) {
      expect(task.requires_compatibilities).toEqual(['FARGATE']);
      expect(task.runtime_platform).toEqual({
        cpu_architecture: 'ARM64',
        operating_system_family: 'LINUX',
      });
    }
  });
});

describe('IAM', () => {
  const statements = all.flatMap(([stack, json]) =>
    Object.entries(json.data?.aws_iam_policy_document ?? {}).flatMap(([name, document]) =>
      ((document.statement as TerraformBlock[] | undefined) ?? []).map((statement) => ({
        stack,
        name,
        statement,
      })),
    ),
  );

  it('reads every policy from a policy document the audit can parse', () => {
    expect(statements.length).toBeGreaterThan(20);
    const policyFields = [
      ...everywhere('aws_iam_role_policy').map(([, , b]) => b.policy),
      ...everywhere('aws_iam_role').map(([, , b]) => b.assume_role_policy),
    ];
    for (const policy of policyFields)
      expect(policy).toMatch(/^\$\{data\.aws_iam_policy_document\./);
  });

  // The one exception: a KMS key policy's statement for the account root (AWS's default key
  // policy), which hands the key's administration to IAM in the same account.
  const accountRootAdministersKey = (statement: TerraformBlock) =>
    JSON.stringify(statement.actions) === '["kms:*"]' &&
    JSON.stringify(statement.principals).match(/"identifiers":\["arn:[^"]*:iam::[^"]*:root"\]/) !==
      null &&
    (statement.principals as TerraformBlock[]).length === 1;

  it('never allows a wildcard action', () => {
    for (const { statement } of statements) {
      for (const action of (statement.actions as string[] | undefined) ?? []) {
        expect(action).not.toBe('*');
        if (statement.effect === 'Allow' && !accountRootAdministersKey(statement)) {
          expect(action).not.toMatch(/^[a-z0-9-]+:\*$/);
        }
      }
    }
    expect(
      statements.filter(({ statement }) => accountRootAdministersKey(statement)).length,
    ).toBeGreaterThan(0);
  });

  // The policy documents KMS keys use as their key policy, by stack: in a key policy, `*` as the
  // resource means the key itself.
  const keyPolicies = new Set(
    all.flatMap(([stack, json]) =>
      blocksOf(json, 'aws_kms_key').flatMap(([, key]) => {
        const match = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(
          String(key.policy),
        );
        return match ? [`${stack} ${match[1]}`] : [];
      }),
    ),
  );

  it('gives every KMS key an explicit policy from a policy document', () => {
    const keys = everywhere('aws_kms_key');
    expect(keys.length).toBeGreaterThan(0);
    expect(keyPolicies.size).toBe(keys.length);
  });

  it('allows no wildcard principal in any KMS key policy (checkov cannot see it: CKV_AWS_33)', () => {
    for (const { stack, name, statement } of statements) {
      if (!keyPolicies.has(`${stack} ${name}`) || statement.effect !== 'Allow') continue;
      for (const principal of (statement.principals as TerraformBlock[] | undefined) ?? []) {
        expect([name, principal.identifiers]).not.toEqual([name, expect.arrayContaining(['*'])]);
      }
    }
  });

  // Allowed on `*` because AWS offers no resource to scope them to (Service Authorization Reference).
  const UNSCOPABLE =
    /^(ecr:GetAuthorizationToken|ecs:RegisterTaskDefinition|secretsmanager:GetRandomPassword|ssmmessages:\w+|xray:\w+)$/;
  it('uses a * resource in identity policies only for actions AWS cannot scope', () => {
    for (const { stack, name, statement } of statements) {
      if (statement.effect !== 'Allow' || keyPolicies.has(`${stack} ${name}`)) continue;
      if (!((statement.resources as string[] | undefined) ?? []).includes('*')) continue;
      for (const action of statement.actions as string[])
        expect([name, action]).toEqual([name, expect.stringMatching(UNSCOPABLE)]);
    }
  });

  it('lets the API invoke exactly one Bedrock model, named by the bedrock_model_id variable', () => {
    const bedrock = statements.filter(({ statement }) =>
      ((statement.actions as string[] | undefined) ?? []).some((a) => a.startsWith('bedrock:')),
    );
    expect(bedrock.map(({ stack }) => stack).sort()).toEqual([
      'dev-app',
      'dev-app (embedded data)',
      'prod-app',
    ]);
    for (const { statement } of bedrock) {
      expect(statement.actions).toEqual([
        'bedrock:InvokeModel',
        'bedrock:InvokeModelWithResponseStream',
      ]);
      const resources = statement.resources as string[];
      expect(resources).toHaveLength(2);
      expect(resources[0]).toMatch(
        /:bedrock:\*::foundation-model\/\$\{replace\(var\.bedrock_model_id, /,
      );
      expect(resources[1]).toMatch(/:inference-profile\/\$\{var\.bedrock_model_id\}$/);
      for (const resource of resources) expect(resource).not.toMatch(/\/\*$|model\/\*/);
    }
  });
});

describe('network exposure', () => {
  const DATA_PORTS = [5432, 6379, 5671];

  it('opens no data port to any address range, in any stack', () => {
    for (const [, , rule] of everywhere('aws_vpc_security_group_ingress_rule')) {
      const covers = (port: number) =>
        rule.ip_protocol === '-1' ||
        ((rule.from_port as number) <= port && port <= (rule.to_port as number));
      if (DATA_PORTS.some(covers)) {
        expect(rule.cidr_ipv4).toBeUndefined();
        expect(rule.cidr_ipv6).toBeUndefined();
        expect(rule.prefix_list_id).toBeUndefined();
      }
    }
  });

  it.each(['dev', 'prod'])('admits %s data services only from the app security group', (env) => {
    const data = synthesized.stacks.get(`${env}-data`) as TerraformJson;
    const rules = blocksOf(data, 'aws_vpc_security_group_ingress_rule').map(([, rule]) => rule);
    expect(rules.map((r) => r.from_port).sort()).toEqual([5432, 5671, 6379]);
    const sources = new Set(rules.map((r) => r.referenced_security_group_id));
    expect(sources.size).toBe(1);
    expect([...sources][0]).toMatch(
      /terraform_remote_state\.cross-stack-reference-input-\w+-network\.outputs\.cross-stack-output-aws_security_groupapp-security-group\w*id\}$/,
    );
    for (const rule of rules) expect(rule.description).toEqual(expect.any(String));
  });

  it('gives every security-group rule a description', () => {
    for (const type of [
      'aws_vpc_security_group_ingress_rule',
      'aws_vpc_security_group_egress_rule',
    ]) {
      for (const [, , rule] of everywhere(type))
        expect((rule.description as string).length).toBeGreaterThan(5);
    }
  });
});

it('warns about nothing when every environment uses managed data', () => {
  expect(synthesized.warnings).toEqual([]);
});
