export { EncryptionKey, type EncryptionKeyProps } from './encryption-key';
