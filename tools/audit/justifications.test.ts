import { sampleJustification } from './sample-justification';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORIES, addressOf, checkovAddresses, collectJustifications } from './justifications';
import { judgeJustificationFixture } from './self-test';
import type { Stack, StackJson } from './stacks';

const stack = (stage: string | undefined, json: StackJson, name = 'prod-data'): Stack => ({
  name,
  dir: '/nowhere',
  json,
  stage,
  environment: stage === undefined ? undefined : 'x',
});

const withSkips = (...skips: unknown[]): StackJson => ({
  resource: { aws_db_instance: { postgres_instance_1: { '//': { checkov: { skip: skips } } } } },
});

const multiAz = { id: 'CKV_AWS_157', comment: 'A standby doubles the cost', because: 'cost' };

describe('collectJustifications', () => {
  it('accepts a cost justification in a development stack', () => {
    const { justifications, problems } = collectJustifications(
      stack('development', withSkips(multiAz), 'dev-data'),
    );
    expect(problems).toEqual([]);
    expect(justifications).toEqual([sampleJustification()]);
  });

  it('refuses a cost justification in a production stack, naming stack, block, check and fix', () => {
    const { justifications, problems } = collectJustifications(
      stack('production', withSkips(multiAz)),
    );
    expect(justifications).toEqual([]);
    expect(problems).toEqual([
      {
        stack: 'prod-data',
        address: 'aws_db_instance.postgres_instance_1',
        check: 'CKV_AWS_157',
        message: expect.stringMatching(
          /justified by cost, but prod-data is a production stack: turn the control on/,
        ),
      },
    ]);
  });

  it('refuses a cost justification in a stack without stage metadata', () => {
    const { problems } = collectJustifications(stack(undefined, withSkips(multiAz)));
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/has no stage metadata/),
    ]);
  });

  it.each([
    ['no reason', { id: 'CKV_AWS_157', because: 'design' }, /has no reason/],
    ['a blank reason', { id: 'CKV_AWS_157', comment: ' \t', because: 'design' }, /has no reason/],
    ['an unknown category', { ...multiAz, because: 'budget' }, /because "budget": use one of/],
    ['no category', { id: 'CKV_AWS_157', comment: 'x' }, /because "undefined"/],
    ['a malformed check id', { ...multiAz, id: 'CKV_AWS_X' }, /not a checkov check id/],
  ])('refuses a justification with %s, in any stage', (_what, skip, message) => {
    for (const stage of ['development', 'production']) {
      const { justifications, problems } = collectJustifications(stack(stage, withSkips(skip)));
      expect(justifications).toEqual([]);
      expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(message)]);
    }
  });

  it('refuses the same check justified twice on one block, keeping the first', () => {
    const { justifications, problems } = collectJustifications(
      stack('development', withSkips(multiAz, multiAz)),
    );
    expect(justifications).toHaveLength(1);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/justified twice/)]);
  });

  it('reads justifications of data sources too', () => {
    const json: StackJson = {
      data: {
        aws_iam_policy_document: {
          key_policy_1: {
            '//': { checkov: { skip: [{ id: 'CKV_AWS_111', comment: 'key', because: 'tool' }] } },
          },
        },
      },
    };
    const [j] = collectJustifications(stack('production', json)).justifications;
    expect(j && addressOf(j)).toBe('data.aws_iam_policy_document.key_policy_1');
    expect(j && checkovAddresses(j)).toEqual([
      'data.key_policy_1',
      'aws_iam_policy_document.key_policy_1',
    ]);
  });

  it('refuses exactly what the bad-justifications fixture plants, and accepts its valid one', () => {
    expect(
      judgeJustificationFixture(path.join(__dirname, 'fixtures', 'bad-justifications')),
    ).toEqual([]);
  });

  it('knows the same categories as justifyCheck in modules/audit', () => {
    const source = readFileSync(
      path.join(__dirname, '..', '..', 'modules', 'audit', 'justify-check.ts'),
      'utf8',
    );
    const list = /JUSTIFICATION_CATEGORIES = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
    expect([...list.matchAll(/'([a-z]+)'/g)].map((m) => m[1])).toEqual([...CATEGORIES]);
  });
});
