import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

/**
 * Lets a task set and read its own scale-in protection (ECS task protection), limited to the
 * tasks of one cluster: a worker shields itself while it processes a message.
 */
export function taskProtectionStatement(
  partition: string,
  region: string,
  accountId: string,
  clusterName: string,
): DataAwsIamPolicyDocumentStatement {
  return {
    sid: 'ProtectTasksWhileProcessing',
    effect: 'Allow',
    actions: ['ecs:UpdateTaskProtection', 'ecs:GetTaskProtection'],
    resources: [`arn:${partition}:ecs:${region}:${accountId}:task/${clusterName}/*`],
  };
}
