# CDKTF 0.21's renderer on a container_definitions built with JSON.stringify: the JSON's quotes
# end the HCL string (the 13 fmt errors per app stack that decision 0022 fixed).
variable "image" {
  type = string
}
resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = "[{"name":"api","image":"${var.image}","essential":true}]"
}
