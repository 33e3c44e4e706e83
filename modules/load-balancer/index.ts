export { LoadBalancer, type LoadBalancerProps } from './load-balancer';
export { INGRESS_MODES, CLOUDFRONT_ORIGIN_FACING, type IngressMode } from './security-group';
export { DEFAULT_SSL_POLICY } from './listeners';
export { ELB_LOG_DELIVERY, ACCESS_LOG_PREFIX } from './access-logs';
