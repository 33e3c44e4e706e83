import { formatTable, summarizeStack } from './summarize-stacks';

describe('synth summary', () => {
  it('counts resources across types, data sources, variables and outputs', () => {
    expect(
      summarizeStack('dev-edge', {
        resource: { aws_s3_bucket: { a: {}, b: {} }, aws_route53_record: { c: {} } },
        data: { aws_iam_policy_document: { d: {} } },
        variable: { domain_name: {} },
        output: { site_url: {}, distribution_id: {} },
      }),
    ).toEqual({ stack: 'dev-edge', resources: 3, dataSources: 1, variables: 1, outputs: 2 });
  });

  it('treats a stack with no blocks as empty', () => {
    expect(summarizeStack('empty', {})).toEqual({
      stack: 'empty',
      resources: 0,
      dataSources: 0,
      variables: 0,
      outputs: 0,
    });
  });

  it('prints aligned columns and a total of resources', () => {
    const lines = formatTable([
      { stack: 'bootstrap', resources: 9, dataSources: 1, variables: 0, outputs: 2 },
      { stack: 'dev-network', resources: 30, dataSources: 8, variables: 0, outputs: 5 },
    ]);
    expect(lines).toEqual([
      'stack        resources  data  variables  outputs',
      'bootstrap            9     1          0        2',
      'dev-network         30     8          0        5',
      'total               39',
    ]);
  });
});
