export { StateBucket, type StateBucketProps } from './state-bucket';
