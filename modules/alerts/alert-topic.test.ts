import {
  dataSourceFor,
  onlyResource,
  referenceTo,
  resourcesOf,
  synthConstructs,
  type TerraformBlock,
} from '../testing';
import { AlertTopic } from './alert-topic';

const json = synthConstructs((scope) => {
  const alerts = new AlertTopic(scope, 'alerts', {
    name: 'skyport-dev-alerts',
    kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k',
    email: 'ops@example.com',
  });
  alerts.alarm('cpu-high', {
    alarmName: 'skyport-dev-api-cpu-high',
    namespace: 'AWS/ECS',
    metricName: 'CPUUtilization',
    statistic: 'Average',
    period: 300,
    evaluationPeriods: 2,
    threshold: 85,
    comparisonOperator: 'GreaterThanThreshold',
  });
});

describe('AlertTopic', () => {
  it('encrypts the topic with the customer key', () => {
    expect(onlyResource(json, 'aws_sns_topic').kms_master_key_id).toBe(
      'arn:aws:kms:eu-west-1:111122223333:key/k',
    );
  });

  it('lets only CloudWatch alarms of this account publish, and only over TLS', () => {
    const document = dataSourceFor(json, onlyResource(json, 'aws_sns_topic_policy').policy);
    const statements = document.statement as TerraformBlock[];
    const allows = statements.filter((s) => s.effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
        actions: ['sns:Publish'],
        resources: [referenceTo(json, 'aws_sns_topic', 'arn')],
        condition: [expect.objectContaining({ variable: 'aws:SourceAccount' })],
      }),
    ]);
    expect(statements.find((s) => s.effect === 'Deny')?.condition).toEqual([
      { test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] },
    ]);
  });

  it('sends every alert to the e-mail address', () => {
    expect(onlyResource(json, 'aws_sns_topic_subscription')).toMatchObject({
      protocol: 'email',
      endpoint: 'ops@example.com',
      topic_arn: referenceTo(json, 'aws_sns_topic', 'arn'),
    });
  });

  it('makes alarms notify the topic when they fire and when they recover', () => {
    const [alarm] = Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm'));
    const topic = referenceTo(json, 'aws_sns_topic', 'arn');
    expect(alarm).toMatchObject({
      actions_enabled: true,
      alarm_actions: [topic],
      ok_actions: [topic],
      treat_missing_data: 'notBreaching',
      threshold: 85,
    });
  });
});
