import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  compareSynths,
  environmentOf,
  githubOutputs,
  readSynth,
  withoutComments,
} from './changed-stacks';

/** A cdktf.out folder holding the given stacks' cdk.tf.json. */
function synth(stacks: Record<string, object>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'changed-stacks-'));
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
    writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  }
  return dir;
}

/** A stack as CDKTF writes it: `//` metadata at the top and on each block. */
function stack(name: string, bucket: string, version = '0.21.0', constructPath = 'site') {
  const environment = name.includes('-') ? name.split('-')[0] : 'shared';
  return {
    '//': {
      metadata: { backend: 's3', stackName: name, version },
      skyport: { environment, stage: 'development' },
    },
    resource: {
      aws_s3_bucket: {
        site_bucket_1A2B3C4D: {
          '//': {
            metadata: { path: `${name}/${constructPath}/bucket`, uniqueId: 'site_bucket_1A2B3C4D' },
          },
          bucket,
        },
      },
    },
  };
}

describe('changed stacks between two synths', () => {
  it('finds changed, added and removed stacks, by environment', () => {
    const base = synth({
      bootstrap: stack('bootstrap', 'state'),
      'dev-app': stack('dev-app', 'a'),
      'dev-edge': stack('dev-edge', 'site'),
      'prod-app': stack('prod-app', 'a'),
      'prod-old': stack('prod-old', 'x'),
    });
    const head = synth({
      bootstrap: stack('bootstrap', 'state'),
      cicd: stack('cicd', 'roles'),
      'dev-app': stack('dev-app', 'b'),
      'dev-edge': stack('dev-edge', 'site'),
      'prod-app': stack('prod-app', 'b'),
    });
    const result = compareSynths(readSynth(base), readSynth(head));
    expect(result.stacks).toEqual([
      { stack: 'dev-app', environment: 'dev', change: 'changed' },
      { stack: 'prod-app', environment: 'prod', change: 'changed' },
      { stack: 'prod-old', environment: 'prod', change: 'removed' },
      { stack: 'cicd', environment: 'shared', change: 'added' },
    ]);
    expect(result.plan).toEqual({ dev: ['dev-app'], prod: ['prod-app'], shared: ['cicd'] });
    expect(result.compared).toBe(6);
  });

  it('ignores what CDKTF writes into `//` metadata: its version and construct paths', () => {
    const base = synth({ 'dev-app': stack('dev-app', 'a', '0.20.11', 'site') });
    const head = synth({ 'dev-app': stack('dev-app', 'a', '0.21.0', 'web/site') });
    expect(compareSynths(readSynth(base), readSynth(head)).stacks).toEqual([]);
  });

  it('ignores key order but not array order', () => {
    const a = { resource: { x: { y: { tags: { A: '1', B: '2' }, list: [1, 2] } } } };
    const b = { resource: { x: { y: { list: [1, 2], tags: { B: '2', A: '1' } } } } };
    const c = { resource: { x: { y: { list: [2, 1], tags: { B: '2', A: '1' } } } } };
    const read = (json: object) => readSynth(synth({ 'dev-app': json }));
    expect(compareSynths(read(a), read(b)).stacks).toEqual([]);
    expect(compareSynths(read(a), read(c)).stacks).toHaveLength(1);
  });

  it('counts every stack as added when the base synth is missing', () => {
    const head = synth({ 'dev-app': stack('dev-app', 'a'), bootstrap: stack('bootstrap', 's') });
    const result = compareSynths(readSynth('/nonexistent/cdktf.out'), readSynth(head));
    expect(result.plan).toEqual({ dev: ['dev-app'], shared: ['bootstrap'] });
  });

  it('names the file whose JSON does not parse', () => {
    const dir = synth({});
    mkdirSync(path.join(dir, 'stacks', 'dev-app'), { recursive: true });
    writeFileSync(path.join(dir, 'stacks', 'dev-app', 'cdk.tf.json'), '{ not json');
    expect(() => readSynth(dir)).toThrow(/dev-app\/cdk\.tf\.json is not valid JSON/);
  });

  it('writes GitHub outputs for every environment, empty where nothing is to be planned', () => {
    const result = compareSynths(
      readSynth(synth({ 'dev-app': stack('dev-app', 'a') })),
      readSynth(synth({ 'dev-app': stack('dev-app', 'b'), 'dev-data': stack('dev-data', 'c') })),
    );
    expect(githubOutputs(result, ['prod', 'dev', 'dev'])).toEqual([
      'stacks_dev=dev-app,dev-data',
      'stacks_prod=',
      'environments=["dev"]',
      'any=true',
    ]);
  });
});

describe('stack metadata', () => {
  it('takes the environment from //.skyport, else from the name', () => {
    expect(environmentOf('dev-app', { '//': { skyport: { environment: 'dev' } } })).toBe('dev');
    expect(environmentOf('staging-app', {})).toBe('staging');
    expect(environmentOf('cicd', {})).toBe('shared');
  });

  it('drops `//` at every depth and nothing else', () => {
    expect(withoutComments({ '//': 1, a: [{ '//': 2, b: 3 }], c: { '//': 4 } })).toEqual({
      a: [{ b: 3 }],
      c: {},
    });
  });
});
