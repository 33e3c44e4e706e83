export { EmailIdentity, type EmailIdentityProps } from './email-identity';
