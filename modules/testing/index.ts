export {
  synthConstructs,
  synthStack,
  resourcesOf,
  onlyResource,
  referenceTo,
  dataSourceFor,
  constructPath,
  resourceAt,
  ref,
  type NamedBlock,
  type TerraformJson,
  type TerraformBlock,
} from './synth';
export {
  secretLiterals,
  onlyData,
  expectIngressOnlyFromSecurityGroup,
  expectGeneratedSecret,
  type SoleIngress,
  type GeneratedSecretShape,
} from './assertions';
export { PRIVATE_STORE, type PrivateStoreProps } from './fixtures';
export {
  synthConstructsWithComments,
  justificationsIn,
  justifiedChecks,
  type Justified,
} from './justifications';
export { decodeJsonencode } from './jsonencode';
