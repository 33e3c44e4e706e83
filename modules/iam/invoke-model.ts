import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Fn, Token } from 'cdktf';

/**
 * Bedrock for exactly one model: the model itself in any region (a cross-region inference
 * profile routes to the model elsewhere) and, when `modelId` is an inference profile id such as
 * `eu.amazon.nova-lite-v1:0`, that profile in this account and region.
 */
export function invokeModelStatement(
  partition: string,
  region: string,
  accountId: string,
  modelId: string,
): DataAwsIamPolicyDocumentStatement {
  // An inference profile id is the model id behind a geography prefix.
  const baseModel = Token.asString(
    // `[.]`, not `\\.`: a backslash inside a Terraform string must itself be a valid escape.
    Fn.replace(modelId, '/^(us|eu|apac|global|jp|au|ca|us-gov)[.]/', ''),
  );
  return {
    sid: 'InvokeTheConfiguredModelOnly',
    effect: 'Allow',
    actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
    resources: [
      `arn:${partition}:bedrock:*::foundation-model/${baseModel}`,
      `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${modelId}`,
    ],
  };
}
