# CDKTF 0.21's renderer on an attribute the bindings leave untyped (WAFv2 `statement`): an object
# value where the provider's schema has blocks. Formatted, so only validate can catch it.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }
}
resource "aws_wafv2_web_acl" "acl" {
  name  = "canary"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "rate-limit"
    priority = 0
    action {
      block {}
    }
    statement = {
      rate_based_statement = {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate-limit"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "all"
    sampled_requests_enabled   = true
  }
}
