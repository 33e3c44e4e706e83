/** The inputs of a VPC-private data store (Postgres, Cache, MessageBroker) in a dev stack. */
export interface PrivateStoreProps {
  readonly name: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly clientSecurityGroupId: string;
  readonly kmsKeyArn: string;
}

/** Props every VPC-private data store test starts from: two isolated subnets, one client group, a key. */
export const PRIVATE_STORE: PrivateStoreProps = {
  name: 'skyport-dev',
  vpcId: 'vpc-1',
  subnetIds: ['subnet-isolated-1', 'subnet-isolated-2'],
  clientSecurityGroupId: 'sg-app',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
};
