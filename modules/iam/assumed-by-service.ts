import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

/**
 * The trust statement of a role an AWS service assumes, with the confused-deputy guard: only the
 * service acting for this account and, given `sourceArn` (an `ArnLike` pattern), only for those
 * resources, may assume it.
 */
export function assumedByServiceStatement(
  service: string,
  accountId: string,
  sourceArn?: string,
): DataAwsIamPolicyDocumentStatement {
  return {
    effect: 'Allow',
    principals: [{ type: 'Service', identifiers: [service] }],
    actions: ['sts:AssumeRole'],
    condition: [
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] },
      ...(sourceArn === undefined
        ? []
        : [{ test: 'ArnLike', variable: 'aws:SourceArn', values: [sourceArn] }]),
    ],
  };
}
