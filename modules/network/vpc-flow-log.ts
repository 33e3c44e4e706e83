import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { justifyShortLogRetention } from '../audit';
import { awsContext } from '../aws-context/aws-context';
import { assumedByServiceStatement } from '../iam/assumed-by-service';

export const FLOW_LOG_TRAFFIC_TYPES = ['ALL', 'ACCEPT', 'REJECT'] as const;
export type FlowLogTrafficType = (typeof FLOW_LOG_TRAFFIC_TYPES)[number];

export interface VpcFlowLogProps {
  /** The VPC whose traffic is recorded. */
  readonly vpcId: string;
  /** Log group name, e.g. `/skyport/dev/vpc-flow-logs`. */
  readonly logGroupName: string;
  /**
   * Days CloudWatch keeps the records; one of the values CloudWatch Logs accepts.
   * @default 30
   */
  readonly retentionDays?: number;
  /**
   * KMS key ARN that encrypts the log group. Its policy must admit `logs.<region>.amazonaws.com`
   * (EncryptionKey does by default).
   * @default AWS-owned encryption
   */
  readonly encryptionKeyArn?: string;
  /**
   * Which traffic to record. `REJECT` alone is cheaper but hides what was let through.
   * @default "ALL"
   */
  readonly trafficType?: FlowLogTrafficType;
}

/**
 * VPC flow logs to a CloudWatch log group with retention, delivered by a role that only the
 * flow-logs service of this account can assume and that may only write to that group.
 */
export class VpcFlowLog extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    const { accountId: account, partition, region } = awsContext(this);

    const retentionDays = props.retentionDays ?? 30;
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: props.logGroupName,
      retentionInDays: retentionDays,
      kmsKeyId: props.encryptionKeyArn,
    });
    justifyShortLogRetention(this.logGroup, retentionDays);

    // Confused-deputy guard: only flow logs created in this account and region may use the role.
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        assumedByServiceStatement(
          'vpc-flow-logs.amazonaws.com',
          account,
          `arn:${partition}:ec2:${region}:${account}:vpc-flow-log/*`,
        ),
      ],
    });
    const role = new IamRole(this, 'role', {
      namePrefix: 'vpc-flow-log-',
      description: `Delivers VPC flow logs to ${props.logGroupName}`,
      assumeRolePolicy: trust.json,
    });
    const write = new DataAwsIamPolicyDocument(this, 'write', {
      statement: [
        {
          sid: 'WriteFlowLogRecords',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.logGroup.arn, `${this.logGroup.arn}:log-stream:*`],
        },
        {
          // The delivery service looks its group up before writing; the action cannot be
          // narrowed to one group, only to this account and region.
          sid: 'FindTheLogGroup',
          effect: 'Allow',
          actions: ['logs:DescribeLogGroups'],
          resources: [`arn:${partition}:logs:${region}:${account}:log-group:*`],
        },
      ],
    });
    const writePolicy = new IamRolePolicy(this, 'write-policy', {
      role: role.id,
      policy: write.json,
    });

    this.flowLog = new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: props.trafficType ?? 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
      // Without the policy in place the first deliveries fail with an access error.
      dependsOn: [writePolicy],
    });
  }
}
