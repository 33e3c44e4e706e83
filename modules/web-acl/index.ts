export { WebAcl, type WebAclProps } from './web-acl';
