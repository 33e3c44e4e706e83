import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { Construct } from 'constructs';
import { onlyData, onlyResource, synthConstructsWithComments as synthConstructs } from '../testing';
import {
  justificationsOf,
  justifyCheck,
  justifyShortLogRetention,
  type CheckJustification,
} from '.';

const multiAz: CheckJustification = {
  check: 'CKV_AWS_157',
  because: 'cost',
  reason: 'A standby doubles the instance cost',
};

const skipsOf = (block: Record<string, unknown>) =>
  (block['//'] as { checkov?: { skip?: unknown[] } } | undefined)?.checkov?.skip;

describe('justifyCheck', () => {
  it('writes the checkov skip shape, with its category, into the resource\'s "//" key', () => {
    const json = synthConstructs((scope) => {
      justifyCheck(new S3Bucket(scope, 'bucket'), multiAz);
    });
    expect(skipsOf(onlyResource(json, 'aws_s3_bucket'))).toEqual([
      { id: 'CKV_AWS_157', comment: 'A standby doubles the instance cost', because: 'cost' },
    ]);
  });

  it('appends when called twice on the same block', () => {
    let bucket: S3Bucket | undefined;
    const json = synthConstructs((scope) => {
      bucket = new S3Bucket(scope, 'bucket');
      justifyCheck(bucket, multiAz);
      justifyCheck(bucket, { check: 'CKV2_AWS_62', because: 'design', reason: 'No consumer' });
    });
    expect(skipsOf(onlyResource(json, 'aws_s3_bucket'))).toEqual([
      expect.objectContaining({ id: 'CKV_AWS_157' }),
      { id: 'CKV2_AWS_62', comment: 'No consumer', because: 'design' },
    ]);
    expect(justificationsOf(bucket as S3Bucket).map((j) => j.check)).toEqual([
      'CKV_AWS_157',
      'CKV2_AWS_62',
    ]);
  });

  it('keeps the skips on a data source, whose "//" CDKTF would otherwise overwrite', () => {
    const json = synthConstructs((scope) => {
      const region = new DataAwsRegion(scope, 'region');
      justifyCheck(region, { check: 'CKV_AWS_394', because: 'tool', reason: 'first' });
      justifyCheck(region, { check: 'CKV_AWS_111', because: 'tool', reason: 'second' });
    });
    expect(skipsOf(onlyData(json, 'aws_region'))).toEqual([
      { id: 'CKV_AWS_394', comment: 'first', because: 'tool' },
      { id: 'CKV_AWS_111', comment: 'second', because: 'tool' },
    ]);
  });

  it.each([
    ['an empty reason', { ...multiAz, reason: '' }, /CKV_AWS_157 needs a reason/],
    ['a blank reason', { ...multiAz, reason: '  \n ' }, /needs a reason/],
    ['a malformed check id', { ...multiAz, check: 'CKV_AWS_15x' }, /not a checkov check id/],
    ['a lowercase check id', { ...multiAz, check: 'ckv_aws_157' }, /not a checkov check id/],
    ['an unknown category', { ...multiAz, because: 'laziness' }, /use one of cost, design/],
  ])('refuses %s at synth time', (_what, justification, message) => {
    expect(() =>
      synthConstructs((scope) => {
        justifyCheck(new S3Bucket(scope, 'bucket'), justification as CheckJustification);
      }),
    ).toThrow(message);
  });

  it('refuses to justify the same check twice on one block', () => {
    expect(() =>
      synthConstructs((scope) => {
        const bucket = new S3Bucket(scope, 'bucket');
        justifyCheck(bucket, multiAz);
        justifyCheck(bucket, multiAz);
      }),
    ).toThrow(/CKV_AWS_157 is already justified/);
  });

  it('names the block in its errors', () => {
    expect(() =>
      synthConstructs((scope) => {
        justifyCheck(new S3Bucket(scope, 'site-bucket'), { ...multiAz, reason: '' });
      }),
    ).toThrow(/justifyCheck\(.*site-bucket\)/);
  });
});

describe('justifyShortLogRetention', () => {
  const skipsFor = (days: number) => {
    const json = synthConstructs((scope: Construct) => {
      const group = new CloudwatchLogGroup(scope, 'logs', { retentionInDays: days });
      justifyShortLogRetention(group, days);
    });
    return skipsOf(onlyResource(json, 'aws_cloudwatch_log_group'));
  };

  it('justifies CKV_AWS_338 as cost below a year, saying how long logs are kept', () => {
    expect(skipsFor(30)).toEqual([
      {
        id: 'CKV_AWS_338',
        because: 'cost',
        comment: expect.stringMatching(/^Kept 30 days, not a year/),
      },
    ]);
  });

  it.each([365, 400, 0])('emits nothing for %i days (the check passes)', (days) => {
    expect(skipsFor(days)).toBeUndefined();
  });
});
