import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { resourceAt, synthStack, type TerraformJson } from '@skyport/modules/testing';
import type { TerraformStack } from 'cdktf';
import { buildApp, synthWarnings } from './app';
import { DEFAULT_PROJECT_CONFIG, PLACEHOLDER_STATE_BUCKET, stateConfig } from './config/state';
import { ENVIRONMENTS, type EnvironmentProfile } from './config/environments';
import { EMBEDDED_DATA_WARNING } from './data-stack';
import type { NatMode } from './config/profile';

const ALL_STACKS = [
  'bootstrap',
  'cicd',
  'dev-app',
  'dev-data',
  'dev-edge',
  'dev-network',
  'prod-app',
  'prod-data',
  'prod-edge',
  'prod-network',
];

const outdir = mkdtempSync(path.join(tmpdir(), 'skyport-synth-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function stacksOf(environments?: string, env: NodeJS.ProcessEnv = {}): Map<string, TerraformStack> {
  const app = buildApp({ outdir, environments, env });
  return new Map(
    app.node.children
      .filter((child): child is TerraformStack => 'toTerraform' in child)
      .map((stack) => [stack.node.id, stack]),
  );
}

function backendOf(json: TerraformJson): Record<string, Record<string, unknown>> {
  return (json.terraform as { backend: Record<string, Record<string, unknown>> }).backend;
}

describe('the Skyport app', () => {
  it('synthesizes the bootstrap stack and a network and an edge stack per environment', () => {
    expect([...stacksOf().keys()].sort()).toEqual(ALL_STACKS);
  });

  it('synthesizes only the environments asked for', () => {
    expect([...stacksOf('dev').keys()].sort()).toEqual(
      ALL_STACKS.filter((id) => !id.startsWith('prod-')),
    );
    expect([...stacksOf(' prod , prod ').keys()].sort()).toEqual(
      ALL_STACKS.filter((id) => !id.startsWith('dev-')),
    );
  });

  it('rejects an unknown environment with a message naming the valid ones', () => {
    expect(() => stacksOf('dev,staging')).toThrow(
      'Unknown environment "staging" (SKYPORT_ENV, or make synth ENV=...). Valid environments: dev, prod (comma-separated, or empty for all).',
    );
  });

  it('stops synth on a bad profile, listing each field and what it allows', () => {
    const dev = ENVIRONMENTS.dev as EnvironmentProfile;
    const broken: EnvironmentProfile = {
      ...dev,
      network: { ...dev.network, zoneIds: ['euw1-az1'], natMode: 'double' as NatMode },
    };
    expect(() => buildApp({ outdir, profiles: { dev: broken } })).toThrow(
      'Environment profile "dev" is invalid (stacks/config/environments.ts):\n' +
        '  - network.zoneIds: ["euw1-az1"] lists 1; list 2 or 3 of the zone IDs of eu-west-1: "euw1-az1", "euw1-az2", "euw1-az3"\n' +
        '  - network.natMode: "double" is not allowed; use one of "none", "single", "per-az"',
    );
  });

  it('rejects a state bucket name S3 would refuse, naming the variable', () => {
    expect(() => stacksOf(undefined, { SKYPORT_STATE_BUCKET: 'My_State' })).toThrow(
      /^SKYPORT_STATE_BUCKET "My_State" is not a valid S3 bucket name/,
    );
    expect(() => stacksOf(undefined, { SKYPORT_STATE_REGION: 'europe' })).toThrow(
      'SKYPORT_STATE_REGION "europe" is not an AWS region name such as "eu-west-1"',
    );
  });
});

describe('the state settings in skyport.config.json', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'skyport-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const configFile = (state: unknown) => {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ state }));
    return file;
  };
  const synth = (file: string, env: NodeJS.ProcessEnv = {}) => {
    const app = buildApp({ outdir, environments: 'dev', env, configFile: file });
    const backend = backendOf(synthStack(app.node.findChild('dev-network') as TerraformStack)) as {
      s3: { bucket: string; region: string };
    };
    // Dev ships with embedded data, whose own warning is not about the state settings.
    const warnings = synthWarnings(app).filter((w) => !w.includes(EMBEDDED_DATA_WARNING));
    return { backend: backend.s3, warnings };
  };

  it('puts the configured bucket and region into every backend, with no warning', () => {
    const { backend, warnings } = synth(
      configFile({ bucket: 'acme-tfstate', region: 'us-east-2' }),
    );
    expect(backend).toMatchObject({ bucket: 'acme-tfstate', region: 'us-east-2' });
    expect(warnings).toEqual([]);
  });

  it('lets SKYPORT_STATE_BUCKET and SKYPORT_STATE_REGION override the file', () => {
    const file = configFile({ bucket: 'acme-tfstate', region: 'us-east-2' });
    const { backend } = synth(file, {
      SKYPORT_STATE_BUCKET: 'ci-tfstate',
      SKYPORT_STATE_REGION: 'eu-central-1',
    });
    expect(backend).toMatchObject({ bucket: 'ci-tfstate', region: 'eu-central-1' });
  });

  it('still synthesizes with no bucket configured, and says so in one warning with the fix', () => {
    const { backend, warnings } = synth(configFile({ bucket: null, region: 'eu-west-1' }));
    expect(backend.bucket).toBe(PLACEHOLDER_STATE_BUCKET);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^bootstrap: no state bucket is configured.*make bootstrap BUCKET=<globally-unique-name> REGION=<region>/,
      ),
    ]);
    expect(stateConfig({}, path.join(dir, 'missing.json')).placeholder).toBe(true);
  });

  it('names the file and the field of a bad setting', () => {
    expect(() => synth(configFile({ bucket: 'Acme_State' }))).toThrow(
      /^skyport.config.json state.bucket "Acme_State" is not a valid S3 bucket name/,
    );
    expect(() => synth(configFile({ bucket: 'acme-tfstate', region: 'Ireland' }))).toThrow(
      'skyport.config.json state.region "Ireland" is not an AWS region name such as "eu-west-1"',
    );
    expect(() => synth(configFile({ bucket: 42 }))).toThrow(
      /\.json: "state.bucket" must be a string or null$/,
    );
  });

  it('ships without a bucket: make bootstrap writes it', () => {
    const shipped = JSON.parse(readFileSync(DEFAULT_PROJECT_CONFIG, 'utf8')) as {
      state: { bucket: unknown };
    };
    expect(shipped.state.bucket).toBeNull();
  });
});

describe('remote state', () => {
  const stacks = stacksOf(undefined, {
    SKYPORT_STATE_BUCKET: 'acme-tfstate',
    SKYPORT_STATE_REGION: 'eu-central-1',
  });
  const bootstrap = synthStack(stacks.get('bootstrap') as TerraformStack);

  it('creates the state bucket in the bootstrap stack, whose own state stays local and outside cdktf.out', () => {
    expect(resourceAt(bootstrap, 'aws_s3_bucket', 'state/bucket').block.bucket).toBe(
      'acme-tfstate',
    );
    expect(backendOf(bootstrap)).toEqual({ local: { path: '../../../bootstrap.tfstate' } });
  });

  it.each(ALL_STACKS.filter((id) => id !== 'bootstrap'))(
    'keeps %s state in that bucket under its own key, locked, encrypted by the bucket default (SSE-KMS)',
    (id) => {
      const json = synthStack(stacks.get(id) as TerraformStack);
      expect(backendOf(json)).toEqual({
        s3: {
          bucket: 'acme-tfstate',
          key: `${id}/terraform.tfstate`,
          region: 'eu-central-1',
          use_lockfile: true,
        },
      });
    },
  );

  it('gives every stack a distinct state key', () => {
    const keys = [...stacks.values()]
      .map((stack) => backendOf(synthStack(stack)).s3?.key)
      .filter((key) => key !== undefined);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(ALL_STACKS.length - 1);
  });
});

describe('tags', () => {
  const stacks = stacksOf();
  it.each([
    ['bootstrap', 'shared'],
    ['cicd', 'shared'],
    ...ALL_STACKS.filter((id) => id.includes('-')).map((id) => [id, id.split('-')[0] as string]),
  ])(
    'tags everything in %s with project, environment, stack and managed-by, in every region',
    (id, environment) => {
      const json = synthStack(stacks.get(id) as TerraformStack);
      const providers = json.provider?.aws ?? [];
      expect(providers.length).toBeGreaterThan(0);
      for (const provider of providers) {
        expect(provider.default_tags).toEqual([
          { tags: { project: 'skyport', environment, stack: id, 'managed-by': 'terraform-cdktf' } },
        ]);
      }
    },
  );
});

describe('stacks/main.ts', () => {
  const run = promisify(execFile);
  const tsx = path.resolve(__dirname, '..', 'node_modules', '.bin', 'tsx');

  it('writes cdk.tf.json for every stack and a manifest into CDKTF_OUTDIR', async () => {
    const dir = path.join(outdir, 'main');
    await run(tsx, [path.join(__dirname, 'main.ts')], {
      env: { ...process.env, CDKTF_OUTDIR: dir, SKYPORT_ENV: '' },
    });
    const all = ALL_STACKS;
    expect(readdirSync(path.join(dir, 'stacks')).sort()).toEqual(all);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { synthesizedStackPath: string }>;
    };
    expect(Object.keys(manifest.stacks).sort()).toEqual(all);
  });

  it('writes each stack’s HCL to hcl/cdk.tf and nothing Terraform would load beside cdk.tf.json', () => {
    const dir = path.join(outdir, 'main');
    for (const stack of ALL_STACKS) {
      const folder = path.join(dir, 'stacks', stack);
      expect(readdirSync(folder).filter((file) => /\.tf(\.json)?$/.test(file))).toEqual([
        'cdk.tf.json',
      ]);
      const hcl = readFileSync(path.join(folder, 'hcl', 'cdk.tf'), 'utf8');
      expect(hcl).toMatch(/^terraform \{\n {2}required_providers \{/);
    }
    // The task definitions an auditor reads first: one value, not JSON text in a string, laid
    // out one attribute per line (stacks/hcl-output.test.ts reads them in detail).
    expect(readFileSync(path.join(dir, 'stacks', 'dev-app', 'hcl', 'cdk.tf'), 'utf8')).toMatch(
      /^ {2}container_definitions = jsonencode\(\[\n {4}\{\n {6}"name" += "api"$/m,
    );
  });

  it('refuses `cdktf synth --hcl` (SYNTH_HCL_OUTPUT), which would replace cdk.tf.json, before writing anything', async () => {
    const dir = path.join(outdir, 'hcl-flag');
    const failure = run(tsx, [path.join(__dirname, 'main.ts')], {
      env: { ...process.env, CDKTF_OUTDIR: dir, SKYPORT_ENV: 'dev', SYNTH_HCL_OUTPUT: 'true' },
    });
    await expect(failure).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('`cdktf synth --hcl` would replace every cdk.tf.json'),
    });
    expect(existsSync(path.join(dir, 'stacks'))).toBe(false);
  });

  it('exits 1 with a one-line message for an unknown environment', async () => {
    const failure = run(tsx, [path.join(__dirname, 'main.ts')], {
      env: { ...process.env, CDKTF_OUTDIR: path.join(outdir, 'bad'), SKYPORT_ENV: 'staging' },
    });
    await expect(failure).rejects.toMatchObject({
      code: 1,
      stderr:
        'synth: Unknown environment "staging" (SKYPORT_ENV, or make synth ENV=...). Valid environments: dev, prod (comma-separated, or empty for all).\n',
    });
  });
});
