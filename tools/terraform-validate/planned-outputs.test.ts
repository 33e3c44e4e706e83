import { plannedOutputs, stateWithOutputs } from './planned-outputs';

describe('plannedOutputs', () => {
  it('keeps known values and fills unknown ones with placeholders of the same shape', () => {
    const outputs = plannedOutputs({
      output_changes: {
        port: { after: 5432, after_unknown: false },
        'cross-stack-output-aws_vpc.network_vpc.id': { after_unknown: true },
        subnets: { after: [null, 'subnet-known'], after_unknown: [true, false] },
        secret_arn: { after_unknown: true },
      },
    });
    expect(outputs).toEqual({
      port: 5432,
      'cross-stack-output-aws_vpc.network_vpc.id':
        'planned-cross-stack-output-aws-vpc-network-vpc-id',
      subnets: ['planned-subnets-0', 'subnet-known'],
      secret_arn: 'arn:aws:planned:eu-west-1:123456789012:secret-arn',
    });
  });

  it('returns nothing for a plan without outputs', () => {
    expect(plannedOutputs({})).toEqual({});
  });
});

describe('stateWithOutputs', () => {
  it('writes a format-4 state whose outputs carry their Terraform types', () => {
    const state = JSON.parse(
      stateWithOutputs(
        { id: 'planned-x', subnets: ['a', 'b'], port: 5432, gone: null },
        '1.11.4',
        'lineage-1',
      ),
    ) as { version: number; outputs: Record<string, unknown>; resources: unknown[] };
    expect(state.version).toBe(4);
    expect(state.resources).toEqual([]);
    expect(state.outputs).toEqual({
      id: { value: 'planned-x', type: 'string' },
      subnets: { value: ['a', 'b'], type: ['tuple', ['string', 'string']] },
      port: { value: 5432, type: 'number' },
    });
  });
});
