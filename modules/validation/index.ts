export { assertBucketName } from './bucket-name';
export { parseCidr, formatCidr, subdivide, cidrContains, type Cidr } from './cidr';
