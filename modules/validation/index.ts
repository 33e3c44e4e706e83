export { assertBucketName } from './bucket-name';
export { parseCidr, formatCidr, subdivide, cidrContains, type Cidr } from './cidr';
export { LOG_RETENTION_DAYS } from './log-retention';
export { Problems, problemsUnder, show, validateAtSynth } from './problems';
