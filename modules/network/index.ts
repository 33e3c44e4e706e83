export { Network, NAT_MODES, type NatMode, type NetworkProps } from './network';
export { INTERFACE_ENDPOINTS, type InterfaceEndpoint } from './vpc-endpoints';
export { ZONE_ID_PATTERN, zoneIdPrefix } from './zone-ids';
export { TIERS, type Tier, subnetLayout, type SubnetLayout } from './subnet-layout';
export { tierAclRules, type AclRule, type TierAclRules } from './network-acl-rules';
