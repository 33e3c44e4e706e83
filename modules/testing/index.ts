export {
  synthConstructs,
  synthStack,
  resourcesOf,
  onlyResource,
  referenceTo,
  dataSourceFor,
  type TerraformJson,
  type TerraformBlock,
} from './synth';
