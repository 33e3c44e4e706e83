import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fullyLiteral, resolveConstructPath } from './construct-path';
import { indexSources, indexTexts, sourceFiles } from './id-sites';
import { synthBlocks, type SynthBlock } from './synth-addresses';
import { where } from './where';

const root = path.join(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

const STACK = `
import { TerraformStack } from 'cdktf';
abstract class EnvironmentStack extends TerraformStack {
  protected constructor(scope: Construct, layer: string, props: Props) {
    super(scope, \`\${props.profile.name}-\${layer}\`);
  }
}
export class AppStack extends EnvironmentStack {
  constructor(scope: Construct, props: Props) {
    super(scope, 'app', props);
    const service = (id: string) => new FargateService(this, id, {});
    service('api');
    new TaskDefinition(this, \`\${'api'}-task\`, {});
    new AlertTopic(this, 'alerts', {}).alarm('api-5xx-rate', {});
    if (!props.embedded) new Postgres(this, 'postgres', {});
    else new GeneratedSecret(this, 'postgres', {});
  }
}`;
const MODULES = `
export class LoadBalancer extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LbListener(this, 'service', {});
  }
}
export class FargateService extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    new EcsService(this, 'service', {});
  }
}
export class AlertTopic extends Construct {
  alarm(id: string, spec: AlarmSpec) {
    return new CloudwatchMetricAlarm(this, id, spec);
  }
}
export class Postgres extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DbInstance(this, 'instance', {});
  }
}
export class GeneratedSecret extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new SecretsmanagerSecret(this, 'secret', {});
  }
}`;
const index = indexTexts([
  { file: 'stacks/app-stack.ts', text: STACK },
  { file: 'modules/service.ts', text: MODULES },
]);

describe('resolveConstructPath', () => {
  it("finds a segment in its parent's class, not any literal with the same id", () => {
    const sources = resolveConstructPath(index, 'dev-app/api/service');
    expect(sources.segments.map((s) => [s.segment, `${s.file}:${s.line}`, s.className])).toEqual([
      ['dev-app', 'stacks/app-stack.ts:10', 'AppStack'],
      ['api', 'stacks/app-stack.ts:12', 'FargateService'],
      ['service', 'modules/service.ts:12', 'EcsService'],
    ]);
    expect(fullyLiteral(sources)).toBe(true);
  });

  it('follows an id passed through a method to the literal at the call', () => {
    const sources = resolveConstructPath(index, 'dev-app/alerts/api-5xx-rate');
    expect(sources.segments[2]).toMatchObject({
      file: 'stacks/app-stack.ts',
      line: 14,
      className: 'CloudwatchMetricAlarm',
      form: 'literal',
      through: 'alarm',
    });
  });

  it('picks, among sites of the same id, the one whose class explains the rest of the path', () => {
    const sources = resolveConstructPath(index, 'dev-app/postgres/secret');
    expect(sources.segments.map((s) => [s.segment, `${s.file}:${s.line}`, s.className])).toEqual([
      ['dev-app', 'stacks/app-stack.ts:10', 'AppStack'],
      ['postgres', 'stacks/app-stack.ts:16', 'GeneratedSecret'],
      ['secret', 'modules/service.ts:29', 'SecretsmanagerSecret'],
    ]);
  });

  it('says a segment is built from a template, and where', () => {
    const sources = resolveConstructPath(index, 'dev-app/api-task');
    expect(sources.segments[1]).toMatchObject({
      file: 'stacks/app-stack.ts',
      line: 13,
      form: 'template',
      text: "`${'api'}-task`",
    });
    expect(fullyLiteral(sources)).toBe(false);
  });

  it('names the segment nothing declares', () => {
    expect(resolveConstructPath(index, 'dev-app/api/missing').unresolved).toEqual({
      segment: 'missing',
      reason: "no construct id in FargateService or the code it calls matches 'missing'",
    });
  });
});

describe('make where on a fresh synth of dev', () => {
  let outdir: string;
  let blocks: SynthBlock[];
  const sources = indexSources(root, sourceFiles(root, ['stacks', 'modules']));
  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'where-synth-'));
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir, SKYPORT_ENV: 'dev' };
    delete env.SKYPORT_STATE_BUCKET;
    delete env.SKYPORT_STATE_REGION;
    const synth = spawnSync(tsx, ['stacks/main.ts'], { cwd: root, env, encoding: 'utf8' });
    if (synth.status !== 0) throw new Error(`synth failed:\n${synth.stdout}${synth.stderr}`);
    blocks = synthBlocks(outdir);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('finds a literal id in the code for every segment of every dev-app resource', () => {
    const resources = blocks.filter((b) => b.stack === 'dev-app' && !b.address.startsWith('data.'));
    expect(resources.length).toBeGreaterThan(20);
    const notFound = resources
      .map((block) => ({ block, answer: where(blocks, sources, `dev-app/${block.address}`) }))
      .filter(({ answer }) => !answer.ok)
      .map(({ block, answer }) => `${block.address}: ${answer.errors.join('; ')}`);
    expect(notFound).toEqual([]);
  });

  it("ends each dev-app resource's path at the provider class of its resource type", () => {
    // aws_ecs_service is made by `new EcsService(...)`: the last segment found the right code.
    const className = (type: string) =>
      type.replace(/^aws_/, '').replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
    const wrong = blocks
      .filter((b) => b.stack === 'dev-app' && !b.address.startsWith('data.'))
      .flatMap((block) => {
        const last = resolveConstructPath(sources, block.constructPath).segments.at(-1);
        const expected = className(block.address.split('.')[0] ?? '');
        return last?.className === expected ? [] : [`${block.address}: ${last?.className}`];
      });
    expect(wrong).toEqual([]);
  });

  it('refuses an unknown address and suggests the close ones', () => {
    const run = spawnSync(
      tsx,
      ['tools/where/main.ts', 'aws_ecs_servic.api_service', '--stack', 'dev-app', '--out', outdir],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'where: aws_ecs_servic.api_service is not in the synth output in dev-app',
    );
    expect(run.stderr).toMatch(/close matches:\n {2}dev-app\/aws_ecs_service\.api_service_/);
  });
});
