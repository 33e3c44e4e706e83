import { motoOverride } from './moto-override';
import type { TerraformJson } from './terraform-json';

const endpoint = 'http://localhost:5000';

const consumer: TerraformJson = {
  terraform: {
    backend: {
      s3: {
        bucket: 'state',
        key: 'dev-app/terraform.tfstate',
        region: 'eu-west-1',
        use_lockfile: true,
      },
    },
  },
  provider: { aws: [{ region: 'eu-west-1' }, { alias: 'us_east_1', region: 'us-east-1' }] },
  data: {
    terraform_remote_state: {
      'cross-stack-reference-input-dev-network': {
        backend: 's3',
        config: { bucket: 'state', key: 'dev-network/terraform.tfstate', region: 'eu-west-1' },
      },
    },
  },
  resource: {
    aws_s3_bucket: { site: { bucket: 'x' }, state: { lifecycle: { prevent_destroy: true } } },
  },
};

describe('motoOverride', () => {
  const override = motoOverride(consumer, endpoint) as {
    provider: { aws: Record<string, unknown>[] };
    terraform: { backend: { s3: Record<string, unknown> } };
    data: { terraform_remote_state: Record<string, { config: Record<string, unknown> }> };
    resource: Record<string, Record<string, unknown>>;
  };

  it('overrides every aws provider block by alias with test credentials, never real ones', () => {
    expect(override.provider.aws.map((block) => block.alias)).toEqual([undefined, 'us_east_1']);
    for (const block of override.provider.aws) {
      expect(block).toMatchObject({
        access_key: 'testing',
        secret_key: 'testing',
        s3_use_path_style: true,
      });
    }
  });

  it("keeps the stack's state key and lock file but sends the backend to moto's S3", () => {
    expect(override.terraform.backend.s3).toMatchObject({
      bucket: 'state',
      key: 'dev-app/terraform.tfstate',
      use_lockfile: true,
      use_path_style: true,
      endpoints: { s3: endpoint, sts: endpoint },
    });
  });

  it('points every remote-state read at the same place the producer wrote to', () => {
    const config =
      override.data.terraform_remote_state['cross-stack-reference-input-dev-network']!.config;
    expect(config).toMatchObject({
      key: 'dev-network/terraform.tfstate',
      endpoints: { s3: endpoint },
    });
  });

  it('lifts prevent_destroy only where the stack set it, so the run can clean up', () => {
    expect(override.resource).toEqual({
      aws_s3_bucket: { state: { lifecycle: { prevent_destroy: false } } },
    });
  });

  it('keeps a local backend in the working folder, away from the real bootstrap.tfstate', () => {
    const bootstrap = motoOverride(
      { terraform: { backend: { local: { path: '../../../bootstrap.tfstate' } } } },
      endpoint,
    ) as { terraform: unknown };
    expect(bootstrap.terraform).toEqual({ backend: { local: { path: 'terraform.tfstate' } } });
  });
});
