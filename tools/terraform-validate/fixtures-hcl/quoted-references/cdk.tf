# CDKTF 0.21's renderer writes depends_on entries as strings, the Terraform 0.11 spelling: validate
# passes with a warning, which the check counts as a failure.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }
}
resource "aws_s3_bucket" "logs" {
  bucket = "canary-logs"
}
resource "aws_s3_bucket" "site" {
  bucket = "canary-site"
  depends_on = [
    "aws_s3_bucket.logs",
  ]
}
