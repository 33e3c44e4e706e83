export { EncryptionKey, justifyKeyPolicy, type EncryptionKeyProps } from './encryption-key';
