import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { Construct } from 'constructs';
import { awsContext } from '../aws-context/aws-context';
import { SecureBucket } from '../secure-bucket/secure-bucket';
import { trimmed, type LoadBalancerSettings } from './load-balancer-settings';

/** Service principal that writes ALB access logs (AWS's recommended principal in every Region). */
export const ELB_LOG_DELIVERY = 'logdelivery.elasticloadbalancing.amazonaws.com';

/** Key prefix of access logs in the log bucket; ELB appends `/AWSLogs/<account>/...`. */
export const ACCESS_LOG_PREFIX = 'alb';

/**
 * The bucket the load balancer writes its access logs to, with a policy that lets only Elastic
 * Load Balancing's log delivery write, and only under `alb/AWSLogs/<account>/`.
 */
export function accessLogBucket(
  scope: Construct,
  settings: Pick<
    LoadBalancerSettings,
    'name' | 'accessLogRetentionDays' | 'legacyLogDeliveryAccount'
  >,
): SecureBucket {
  const { accountId } = awsContext(scope);
  // ALB log delivery supports only SSE-S3. Logs are immutable records: no versioning, expiry.
  const bucket = new SecureBucket(scope, 'access-logs', {
    bucketPrefix: `${trimmed(settings.name, 27)}-alb-logs-`,
    versioned: false,
    expirationDays: settings.accessLogRetentionDays,
  });
  const logObjects = `${bucket.bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${accountId}/*`;
  const logWriters: DataAwsIamPolicyDocumentStatement[] = [
    {
      sid: 'ElbLogDeliveryService',
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: [ELB_LOG_DELIVERY] }],
      actions: ['s3:PutObject'],
      resources: [logObjects],
    },
  ];
  if (settings.legacyLogDeliveryAccount) {
    const elbAccount = new DataAwsElbServiceAccount(scope, 'elb-account');
    logWriters.push({
      sid: 'ElbLogDeliveryRegionalAccount',
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: [elbAccount.arn] }],
      actions: ['s3:PutObject'],
      resources: [logObjects],
    });
  }
  bucket.addToPolicy(...logWriters);
  return bucket;
}
