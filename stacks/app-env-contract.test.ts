import path from 'node:path';
import { decodeJsonencode, type TerraformJson } from '@skyport/modules/testing';
import { COMMANDS } from './app-contract';
import { synthesizeApp, withManagedDev } from './test-support';

/**
 * The contract between the app stack and the API: every container that runs the API's image gets
 * exactly the variables the API's own configuration loader reads. The loader is the API's, run on
 * what the stack injects (Terraform references replaced by placeholders of the right shape), so a
 * variable renamed on one side, dropped, or set to a value the API refuses fails here, at synth,
 * not at a task's start in AWS.
 */

type LoadConfig = (env: NodeJS.ProcessEnv) => unknown;
// The API is another workspace (outside this one's TypeScript root); its loader imports nothing,
// so it loads as it is.
const API_CONFIG = path.join(__dirname, '..', 'apps', 'api', 'src', 'config', 'config.ts');
let loadConfig: LoadConfig;
beforeAll(async () => {
  ({ loadConfig } = (await import(API_CONFIG)) as { loadConfig: LoadConfig });
});

interface Container {
  name: string;
  command?: string[];
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
}

/** Values Terraform resolves at apply: each reference becomes a value of the shape it will have. */
const REFERENCES: [RegExp, string][] = [
  [/\$\{var\.domain_name\}/g, 'example.com'],
  [/\$\{var\.owner_email\}/g, 'owner@example.com'],
  [/\$\{var\.bedrock_model_id\}/g, 'eu.amazon.nova-lite-v1:0'],
  [/\$\{data\.aws_region\.[^}]+\}/g, 'eu-west-1'],
];

/** What a remote-state reference (another stack's output) stands for, by the variable it fills. */
const REMOTE_VALUES: Record<string, string> = {
  DATABASE_HOST: 'db.abc.eu-west-1.rds.amazonaws.com',
  DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-AbCdEf',
  REDIS_HOST: 'master.cache.euw1.cache.amazonaws.com',
  RABBITMQ_HOST: 'b-1.mq.eu-west-1.amazonaws.com',
};

/** Secrets ECS injects at start, by name: shapes the loader accepts. */
const SECRET_VALUES: Record<string, string> = {
  AUTH_TOKEN_SECRET: 'k'.repeat(64),
};

function resolved(name: string, value: string): string {
  let text = value;
  for (const [reference, placeholder] of REFERENCES) text = text.replace(reference, placeholder);
  if (!text.includes('${')) return text;
  const remote = REMOTE_VALUES[name];
  if (remote === undefined) {
    throw new Error(`${name}: no placeholder for ${value}; add one to REMOTE_VALUES`);
  }
  return remote;
}

/** The environment a container starts with, and every variable name the loader looked at. */
function loadAsTheTaskWould(container: Container) {
  const env: NodeJS.ProcessEnv = {};
  for (const { name, value } of container.environment ?? []) env[name] = resolved(name, value);
  for (const { name } of container.secrets ?? []) env[name] = SECRET_VALUES[name] ?? 'from-secrets';
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key) as unknown;
    },
  });
  let problem: string | undefined;
  try {
    loadConfig(recording);
  } catch (error) {
    problem = (error as Error).message;
  }
  return { injected: Object.keys(env).sort(), read, problem };
}

const IMAGE_COMMANDS = new Set(Object.values(COMMANDS).map((command) => command.join(' ')));

function appContainers(json: TerraformJson): Container[] {
  return Object.values(json.resource?.aws_ecs_task_definition ?? {})
    .flatMap((task) => decodeJsonencode(task.container_definitions) as Container[])
    .filter((container) => IMAGE_COMMANDS.has((container.command ?? []).join(' ')));
}

const variants = [
  ['as committed', synthesizeApp({})],
  ['with managed data in dev', synthesizeApp({ profiles: withManagedDev() })],
] as const;

describe.each(variants)('the app stack and the API’s configuration (%s)', (_variant, app) => {
  const containers = [...app.stacks.entries()]
    .filter(([id]) => id.endsWith('-app'))
    .flatMap(([id, json]) => appContainers(json).map((c) => [`${id}/${c.name}`, c] as const));

  it('finds every container that runs the API image', () => {
    expect(containers.map(([where]) => where).sort()).toEqual(
      expect.arrayContaining(['dev-app/api', 'dev-app/migrate', 'dev-app/worker', 'prod-app/api']),
    );
  });

  it.each(containers)('%s starts: the loader accepts what the stack injects', (_where, c) => {
    expect(loadAsTheTaskWould(c).problem).toBeUndefined();
  });

  it.each(containers)('%s gets no variable the API never reads', (_where, c) => {
    const { injected, read } = loadAsTheTaskWould(c);
    expect(injected.filter((name) => !read.has(name))).toEqual([]);
  });
});

describe('the contract check itself', () => {
  const api: Container = {
    name: 'api',
    command: [...COMMANDS.api],
    environment: [
      { name: 'DATABASE_HOST', value: '${data.terraform_remote_state.data.outputs.host}' },
    ],
  };

  it('names what the stack leaves out', () => {
    expect(loadAsTheTaskWould(api).problem).toMatch(/REDIS_HOST is not set/);
  });

  it('names a variable the API does not read', () => {
    const typo = { ...api, environment: [{ name: 'DATABSE_PORT', value: '5432' }] };
    const { injected, read } = loadAsTheTaskWould(typo);
    expect(injected.filter((name) => !read.has(name))).toEqual(['DATABSE_PORT']);
  });
});
