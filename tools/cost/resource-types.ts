/**
 * Every resource type the estimate knows: priced by a rule (rules/*), free (with the reason), or
 * known and deliberately not priced (with the reason). A type in none of these is reported as
 * unpriced by the estimate, and a test fails when the real synth holds one.
 */
import { COMPUTE_TYPES } from './rules/compute';
import { DATA_TYPES } from './rules/data';
import { EDGE_TYPES } from './rules/edge';
import { HTTP_API_TYPES } from './rules/http-api';
import { NETWORK_TYPES } from './rules/network';
import { OBSERVABILITY_TYPES } from './rules/observability';

export const PRICED_TYPES: ReadonlySet<string> = new Set<string>([
  ...NETWORK_TYPES,
  ...COMPUTE_TYPES,
  ...HTTP_API_TYPES,
  ...DATA_TYPES,
  ...EDGE_TYPES,
  ...OBSERVABILITY_TYPES,
]);

const CONFIGURATION = 'configuration of a priced resource: no charge of its own';
const NETWORKING = 'VPC building block: no charge';
const IAM = 'IAM has no charge';
const HTTP_API_PART = 'part of the HTTP API: priced with its requests';

/** Types AWS bills nothing for (or whose usage is priced with another resource, named here). */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  aws_vpc: NETWORKING,
  aws_subnet: NETWORKING,
  aws_internet_gateway: NETWORKING,
  aws_route: NETWORKING,
  aws_route_table: NETWORKING,
  aws_route_table_association: NETWORKING,
  aws_network_acl: NETWORKING,
  aws_security_group: NETWORKING,
  aws_default_security_group: NETWORKING,
  aws_vpc_security_group_ingress_rule: NETWORKING,
  aws_vpc_security_group_egress_rule: NETWORKING,
  aws_flow_log: 'the flow log itself is free; its logs are priced with its CloudWatch log group',
  aws_cloudwatch_log_delivery_source:
    'configuration: the delivered logs are priced with the delivery',
  aws_cloudwatch_log_delivery_destination:
    'configuration: the delivered logs are priced with the delivery',
  aws_iam_role: IAM,
  aws_iam_role_policy: IAM,
  aws_iam_role_policy_attachment: IAM,
  aws_iam_openid_connect_provider: IAM,
  aws_kms_alias: 'aliases are free; the key is priced',
  aws_s3_bucket_acl: CONFIGURATION,
  aws_s3_bucket_lifecycle_configuration: CONFIGURATION,
  aws_s3_bucket_logging: 'configuration: the log objects are priced with the log bucket',
  aws_s3_bucket_notification: 'configuration: S3 events to EventBridge are free',
  aws_s3_bucket_ownership_controls: CONFIGURATION,
  aws_s3_bucket_policy: CONFIGURATION,
  aws_s3_bucket_public_access_block: CONFIGURATION,
  aws_s3_bucket_server_side_encryption_configuration:
    'configuration: SSE-KMS requests are priced with the KMS key',
  aws_s3_bucket_versioning: 'configuration: old versions are part of the bucket storage assumption',
  aws_acm_certificate: 'public ACM certificates are free',
  aws_acm_certificate_validation: 'a Terraform wait, not an AWS resource',
  terraform_data: 'Terraform-only, no AWS resource',
  aws_appautoscaling_target:
    'Application Auto Scaling is free; it sets the task counts priced with the service',
  aws_appautoscaling_policy: 'Application Auto Scaling is free (its alarms are AWS-managed)',
  aws_ecs_cluster_capacity_providers: CONFIGURATION,
  aws_ecr_lifecycle_policy: 'configuration: it caps the images priced with the repository',
  aws_lb_listener: 'part of the load balancer: priced with its hours and LCU',
  aws_lb_target_group: 'part of the load balancer: priced with its hours and LCU',
  aws_apigatewayv2_stage: HTTP_API_PART,
  aws_apigatewayv2_route: HTTP_API_PART,
  aws_apigatewayv2_integration:
    'part of the HTTP API: priced with its requests (a VPC link integration also with its Cloud Map discovery calls)',
  aws_apigatewayv2_api_mapping: HTTP_API_PART,
  aws_apigatewayv2_domain_name:
    'part of the HTTP API: a custom domain has no charge of its own (its ACM certificate is free)',
  aws_apigatewayv2_vpc_link: 'a VPC link for HTTP APIs has no charge',
  aws_service_discovery_http_namespace:
    'an HTTP namespace has no charge; its services are priced by registered instance and discovery call',
  aws_cloudfront_cache_policy: CONFIGURATION,
  aws_cloudfront_origin_access_control: CONFIGURATION,
  aws_cloudfront_response_headers_policy: CONFIGURATION,
  aws_cloudfront_function: 'its invocations are priced with the distribution',
  aws_wafv2_web_acl_association: CONFIGURATION,
  aws_wafv2_web_acl_logging_configuration: 'configuration: its logs are priced with the log group',
  aws_secretsmanager_secret_version: 'versions are part of the secret',
  aws_db_subnet_group: CONFIGURATION,
  aws_db_parameter_group: CONFIGURATION,
  aws_elasticache_subnet_group: CONFIGURATION,
  aws_sns_topic:
    'the alarm topic: the first million publishes and 1,000 emails a month are free, and alarms send a handful',
  aws_sns_topic_policy: CONFIGURATION,
  aws_sns_topic_subscription: 'an email subscription: see aws_sns_topic',
};

/** Types that cost money but that this tool does not price yet: listed in every estimate. */
export const UNPRICED_TYPES: Readonly<Record<string, string>> = {
  aws_instance: 'EC2 instances are not in the price table',
  aws_lambda_function: 'Lambda is billed per request and GB-second: not in the price table',
  aws_dynamodb_table: 'DynamoDB is not in the price table',
  aws_cloudtrail: 'CloudTrail trails beyond the first are not in the price table',
};
