import { assumedByServiceStatement } from './assumed-by-service';

describe('assumedByServiceStatement', () => {
  it('lets only the service acting for this account, for the given resources, assume the role', () => {
    expect(
      assumedByServiceStatement(
        'vpc-flow-logs.amazonaws.com',
        '111122223333',
        'arn:aws:ec2:eu-west-1:111122223333:vpc-flow-log/*',
      ),
    ).toEqual({
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
      actions: ['sts:AssumeRole'],
      condition: [
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['111122223333'] },
        {
          test: 'ArnLike',
          variable: 'aws:SourceArn',
          values: ['arn:aws:ec2:eu-west-1:111122223333:vpc-flow-log/*'],
        },
      ],
    });
  });

  it('guards by account alone when no source ARN is given', () => {
    expect(
      assumedByServiceStatement('monitoring.rds.amazonaws.com', '111122223333').condition,
    ).toEqual([{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['111122223333'] }]);
  });
});
