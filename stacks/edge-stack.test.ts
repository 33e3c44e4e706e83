import { onlyResource, resourcesOf, synthStack } from '@skyport/modules/testing';
import { App } from 'cdktf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENVIRONMENTS, type EnvironmentProfile } from './config/environments';
import { stateConfig } from './config/state';
import { EdgeStack } from './edge-stack';

const outdir = mkdtempSync(path.join(tmpdir(), 'skyport-edge-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const app = new App({ outdir });
const synthFor = (name: string) =>
  synthStack(
    new EdgeStack(app, {
      profile: ENVIRONMENTS[name] as EnvironmentProfile,
      state: stateConfig({}),
    }),
  );
const dev = synthFor('dev');
const prod = synthFor('prod');

describe('<env>-edge', () => {
  it('takes the domain and hosted zone from Terraform variables, never from literals', () => {
    expect(Object.keys(dev.variable ?? {}).sort()).toEqual(['domain_name', 'hosted_zone_id']);
    const distribution = onlyResource(dev, 'aws_cloudfront_distribution');
    expect(distribution.aliases).toEqual(['${var.domain_name}', 'www.${var.domain_name}']);
    for (const record of Object.values(resourcesOf(dev, 'aws_route53_record'))) {
      expect(record.zone_id).toBe('${var.hosted_zone_id}');
    }
  });

  it('puts the WAF in front of prod only', () => {
    expect(resourcesOf(dev, 'aws_wafv2_web_acl')).toEqual({});
    expect(Object.keys(resourcesOf(prod, 'aws_wafv2_web_acl'))).toHaveLength(1);
  });

  it('requests the certificate through the us-east-1 provider alias', () => {
    const aliases = (prod.provider?.aws ?? []).map((p) => [p.alias, p.region]);
    expect(aliases).toEqual([
      [undefined, 'eu-west-1'],
      ['us_east_1', 'us-east-1'],
    ]);
    expect(onlyResource(prod, 'aws_acm_certificate').provider).toBe('aws.us_east_1');
  });

  it('keeps access logs as long as the profile keeps logs', () => {
    const expirations = (json: typeof dev) =>
      Object.values(resourcesOf(json, 'aws_s3_bucket_lifecycle_configuration')).flatMap((l) =>
        (l.rule as { expiration?: { days: number }[] }[]).flatMap((r) => r.expiration ?? []),
      );
    expect(expirations(dev)).toEqual([{ days: 30 }]);
    expect(expirations(prod)).toEqual([{ days: 365 }]);
  });

  it('tells operators where to upload the export and which distribution to invalidate', () => {
    expect(Object.keys(dev.output ?? {}).sort()).toEqual([
      'distribution_id',
      'site_bucket',
      'site_url',
    ]);
  });
});
