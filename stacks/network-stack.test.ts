import { resourcesOf, synthStack, type TerraformJson } from '@skyport/modules/testing';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENVIRONMENTS, type EnvironmentProfile } from './config/environments';
import { stateConfig } from './config/state';
import { NetworkStack } from './network-stack';

const scratch = mkdtempSync(path.join(tmpdir(), 'skyport-network-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const app = new App({ outdir: path.join(scratch, 'app') });
const stackFor = (name: string) =>
  new NetworkStack(app, {
    profile: ENVIRONMENTS[name] as EnvironmentProfile,
    state: stateConfig({}),
  });
const dev = stackFor('dev');
const prod = stackFor('prod');
const devJson = synthStack(dev);
const prodJson = synthStack(prod);
const count = (json: TerraformJson, type: string) => Object.keys(resourcesOf(json, type)).length;

describe('<env>-network', () => {
  it('spans two AZs without NAT in dev, three AZs with NAT per AZ in prod', () => {
    expect(count(devJson, 'aws_subnet')).toBe(6);
    expect(count(devJson, 'aws_nat_gateway')).toBe(0);
    expect(count(prodJson, 'aws_subnet')).toBe(9);
    expect(count(prodJson, 'aws_nat_gateway')).toBe(3);
  });

  it('creates interface endpoints only where the profile lists them: none in dev or prod, one setting away', () => {
    const interfaces = (json: TerraformJson) =>
      Object.values(resourcesOf(json, 'aws_vpc_endpoint'))
        .filter((e) => e.vpc_endpoint_type === 'Interface')
        .map((e) => String(e.service_name).split('}.')[1]);
    expect(interfaces(devJson)).toEqual([]);
    expect(interfaces(prodJson)).toEqual([]);
    const withEndpoints = ENVIRONMENTS.prod as EnvironmentProfile;
    const endpointsJson = synthStack(
      new NetworkStack(app, {
        profile: {
          ...withEndpoints,
          name: 'prodep',
          network: { ...withEndpoints.network, interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'] },
        },
        state: stateConfig({}),
      }),
    );
    expect(interfaces(endpointsJson).sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs']);
  });

  it.each([
    ['dev', devJson, 30],
    ['prod', prodJson, 365],
  ])(
    'encrypts the %s flow logs with the environment key and keeps them per the profile',
    (_env, json, days) => {
      const [group] = Object.values(resourcesOf(json, 'aws_cloudwatch_log_group'));
      const [keyName] = Object.keys(resourcesOf(json, 'aws_kms_key'));
      expect(group).toMatchObject({
        retention_in_days: days,
        kms_key_id: `\${aws_kms_key.${keyName}.arn}`,
      });
    },
  );

  it('lists the VPC, the subnets of each tier and the key as outputs for operators', () => {
    expect(Object.keys(devJson.output ?? {})).toEqual(
      expect.arrayContaining([
        'vpc_id',
        'public_subnet_ids',
        'private_subnet_ids',
        'isolated_subnet_ids',
        'key_arn',
      ]),
    );
  });

  it('hands values to a later stack through a cross-stack reference read from remote state', () => {
    const outdir = path.join(scratch, 'cross');
    const crossApp = new App({ outdir });
    const state = stateConfig({});
    const network = new NetworkStack(crossApp, {
      profile: ENVIRONMENTS.dev as EnvironmentProfile,
      state,
    });
    const consumer = new TerraformStack(crossApp, 'dev-consumer');
    new AwsProvider(consumer, 'aws', { region: 'eu-west-1' });
    new DbSubnetGroup(consumer, 'subnets', { subnetIds: network.network.subnetIds('isolated') });

    crossApp.synth();
    const read = (id: string) =>
      JSON.parse(
        readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'),
      ) as TerraformJson;
    const consumed = read('dev-consumer');
    const produced = read('dev-network');
    const remote = Object.values(consumed.data?.terraform_remote_state ?? {});
    expect(remote).toEqual([
      expect.objectContaining({
        backend: 's3',
        config: expect.objectContaining({
          bucket: state.bucket,
          key: 'dev-network/terraform.tfstate',
        }),
      }),
    ]);
    const crossOutputs = Object.keys(produced.output ?? {}).filter((name) =>
      name.startsWith('cross-stack-output-'),
    );
    expect(crossOutputs).toHaveLength(2);
  });
});
