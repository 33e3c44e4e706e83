export { Cache, type CacheProps } from './cache';
