export { Network, type NetworkProps } from './network';
