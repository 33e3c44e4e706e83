export { ContainerRepository, type ContainerRepositoryProps } from './container-repository';
