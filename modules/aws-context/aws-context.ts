import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/** Where a stack's default AWS provider points: values for ARNs and service names. */
export interface AwsContext {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}

const ID = 'aws-context';

class AwsContextData extends Construct implements AwsContext {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;

  constructor(scope: Construct) {
    super(scope, ID);
    this.accountId = new DataAwsCallerIdentity(this, 'account').accountId;
    this.partition = new DataAwsPartition(this, 'partition').partition;
    this.region = new DataAwsRegion(this, 'region').region;
  }
}

/**
 * The account, partition and region of the stack that holds `scope`, read once per stack (one
 * data source each, however many constructs ask), through the stack's default provider.
 */
export function awsContext(scope: Construct): AwsContext {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(ID) as AwsContextData | undefined) ?? new AwsContextData(stack);
}
