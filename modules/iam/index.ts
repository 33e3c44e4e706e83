export { assumedByServiceStatement } from './assumed-by-service';
export { invokeModelStatement } from './invoke-model';
export { readSecretStatements, type SecretReadOptions, type SecretReadSids } from './read-secrets';
export { sendTracesStatement } from './send-traces';
export { taskProtectionStatement } from './task-protection';
