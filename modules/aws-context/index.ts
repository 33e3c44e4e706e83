export { awsContext, type AwsContext } from './aws-context';
