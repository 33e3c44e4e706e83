import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

/** What an OpenTelemetry collector (or X-Ray daemon) needs to send traces to X-Ray. */
export function sendTracesStatement(): DataAwsIamPolicyDocumentStatement {
  return {
    sid: 'SendTracesToXRay',
    effect: 'Allow',
    actions: [
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
    ],
    // X-Ray's trace and sampling actions have no resource types to scope them to.
    resources: ['*'],
  };
}
