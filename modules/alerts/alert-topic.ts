import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { awsContext } from '../aws-context/aws-context';

export interface AlertTopicProps {
  /** Topic name, e.g. `skyport-dev-alerts`. */
  readonly name: string;
  /**
   * KMS key that encrypts the topic. Its policy must let `cloudwatch.amazonaws.com` use it
   * (EncryptionKey's `allowCloudWatchAlarms`), or alarms cannot publish.
   */
  readonly kmsKeyArn: string;
  /** Address that receives every alarm and recovery; the recipient confirms it once by e-mail. */
  readonly email: string;
}

/** What an alarm watches and when it fires; actions are filled in by the topic. */
export type AlarmSpec = Omit<
  CloudwatchMetricAlarmConfig,
  'alarmActions' | 'okActions' | 'insufficientDataActions' | 'actionsEnabled'
>;

/**
 * The environment's alert topic: SNS encrypted with a customer key, publishable only by
 * CloudWatch alarms of this account and only over TLS, with an e-mail subscription. `alarm()`
 * creates a CloudWatch alarm that notifies the topic when it fires and when it recovers.
 */
export class AlertTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const { accountId } = awsContext(this);
    this.topic = new SnsTopic(this, 'topic', {
      name: props.name,
      displayName: props.name,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    const policy = new DataAwsIamPolicyDocument(this, 'policy', {
      statement: [
        {
          sid: 'CloudWatchAlarmsOfThisAccountPublish',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] }],
        },
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new SnsTopicPolicy(this, 'topic-policy', { arn: this.topic.arn, policy: policy.json });
    new SnsTopicSubscription(this, 'email', {
      topicArn: this.topic.arn,
      protocol: 'email',
      endpoint: props.email,
    });
  }

  /** A CloudWatch alarm that notifies this topic when it fires and when it recovers. */
  alarm(id: string, spec: AlarmSpec): CloudwatchMetricAlarm {
    return new CloudwatchMetricAlarm(this, id, {
      treatMissingData: 'notBreaching',
      ...spec,
      actionsEnabled: true,
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
    });
  }
}
