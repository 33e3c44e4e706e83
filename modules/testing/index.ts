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
