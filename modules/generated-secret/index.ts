export { GeneratedSecret, type GeneratedSecretProps } from './generated-secret';
