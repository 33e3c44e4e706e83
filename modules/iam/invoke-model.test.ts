import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { onlyData, synthConstructs } from '../testing';
import { invokeModelStatement } from './invoke-model';

describe('invokeModelStatement', () => {
  const statementFor = (modelId: string) =>
    onlyData(
      synthConstructs((scope) => {
        new DataAwsIamPolicyDocument(scope, 'task', {
          statement: [invokeModelStatement('aws', 'eu-west-1', '111122223333', modelId)],
        });
      }),
      'aws_iam_policy_document',
    ).statement;

  it('invokes one model, streamed or not, as a foundation model anywhere and as an inference profile here', () => {
    expect(statementFor('eu.amazon.nova-lite-v1:0')).toEqual([
      {
        sid: 'InvokeTheConfiguredModelOnly',
        effect: 'Allow',
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: [
          'arn:aws:bedrock:*::foundation-model/${replace("eu.amazon.nova-lite-v1:0", "/^(us|eu|apac|global|jp|au|ca|us-gov)[.]/", "")}',
          'arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.amazon.nova-lite-v1:0',
        ],
      },
    ]);
  });
});
