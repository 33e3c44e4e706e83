import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  dataSourceFor,
  ref,
  resourceAt,
  resourcesOf,
  synthConstructs,
  type TerraformBlock,
  type TerraformJson,
} from '../testing';
import { StaticSite, type StaticSiteProps } from './static-site';

// What the static site tests share: a dev site in a stack with a us-east-1 provider, a synth, and
// readers of its JSON.

export const build =
  (props: Partial<StaticSiteProps> = {}) =>
  (scope: Parameters<Parameters<typeof synthConstructs>[0]>[0]) => {
    const usEast1 = new AwsProvider(scope, 'us-east-1', {
      alias: 'us_east_1',
      region: 'us-east-1',
    });
    new StaticSite(scope, 'site', {
      name: 'skyport-dev',
      domainName: 'example.com',
      hostedZoneId: 'Z0123456789',
      usEast1,
      ...props,
    });
  };
export const synth = (props: Partial<StaticSiteProps> = {}) => synthConstructs(build(props));

export type Statement = {
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  principals: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
};

export const bucketNamed = (json: TerraformJson, which: 'content' | 'logs') =>
  resourceAt(json, 'aws_s3_bucket', `${which}/bucket`);

/** The resource of `type` whose `bucket` points at the given bucket. */
export const settingOf = (json: TerraformJson, type: string, which: 'content' | 'logs') => {
  const bucketId = ref('aws_s3_bucket', bucketNamed(json, which));
  const found = Object.values(resourcesOf(json, type)).filter((block) => block.bucket === bucketId);
  if (found.length !== 1)
    throw new Error(`expected one ${type} for the ${which} bucket, found ${found.length}`);
  return found[0] as TerraformBlock;
};

export const policyOf = (json: TerraformJson, which: 'content' | 'logs') =>
  dataSourceFor(json, settingOf(json, 'aws_s3_bucket_policy', which).policy)
    .statement as Statement[];
