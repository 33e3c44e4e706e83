export { SecureBucket, type SecureBucketProps } from './secure-bucket';
