export {
  LoadBalancer,
  INGRESS_MODES,
  DEFAULT_SSL_POLICY,
  CLOUDFRONT_ORIGIN_FACING,
  ELB_LOG_DELIVERY,
  ACCESS_LOG_PREFIX,
  type IngressMode,
  type LoadBalancerProps,
} from './load-balancer';
