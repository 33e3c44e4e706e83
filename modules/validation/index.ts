export { assertBucketName } from './bucket-name';
export { parseCidr, type Cidr } from './cidr';
