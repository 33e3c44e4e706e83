import { formatHcl } from './format-hcl';

// CDKTF's renderer writes one item per line and indents nothing; these are the shapes it writes.
describe('formatHcl', () => {
  it('indents two spaces per open block and aligns the = of consecutive one-line arguments', () => {
    const raw = [
      'resource "aws_s3_bucket" "site" {',
      'bucket = "site"',
      'force_destroy = false',
      'tags = {',
      'project = "skyport"',
      'managed-by = "terraform-cdktf"',
      '}',
      'lifecycle {',
      'prevent_destroy = true',
      '}',
      '}',
    ].join('\n');
    expect(formatHcl(raw)).toBe(
      [
        'resource "aws_s3_bucket" "site" {',
        '  bucket        = "site"',
        '  force_destroy = false',
        '  tags = {',
        '    project    = "skyport"',
        '    managed-by = "terraform-cdktf"',
        '  }',
        '  lifecycle {',
        '    prevent_destroy = true',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes a block argument that is one interpolation as the bare expression, spaced as terraform fmt spaces it', () => {
    const raw = [
      'resource "x" "y" {',
      'policy = "${data.aws_iam_policy_document.key.json}"',
      'secret = "${jsonencode({"password" = random_password.p.result})}"',
      'fqdns = "${[ for key, val in aws_route53_record.r: val.fqdn]}"',
      'name = "prefix-${var.name}"',
      'tags = {',
      'id = "${aws_vpc.v.id}"',
      '}',
      '}',
    ].join('\n');
    expect(formatHcl(raw).split('\n')).toEqual([
      'resource "x" "y" {',
      '  policy = data.aws_iam_policy_document.key.json',
      '  secret = jsonencode({ "password" = random_password.p.result })',
      '  fqdns  = [for key, val in aws_route53_record.r : val.fqdn]',
      '  name   = "prefix-${var.name}"',
      // Inside a value (a map), terraform fmt leaves the template as it is.
      '  tags = {',
      '    id = "${aws_vpc.v.id}"',
      '  }',
      '}',
      '',
    ]);
  });

  it('leaves interpolations inside an object of a list alone, as terraform fmt does', () => {
    const raw = [
      'resource "x" "y" {',
      'items = [',
      '{',
      'id = "${aws_vpc.v.id}"',
      'name = "n"',
      '},',
      ']',
      '}',
    ];
    expect(formatHcl(raw.join('\n')).split('\n')).toEqual([
      'resource "x" "y" {',
      '  items = [',
      '    {',
      '      id   = "${aws_vpc.v.id}"',
      '      name = "n"',
      '    },',
      '  ]',
      '}',
      '',
    ]);
  });

  it('spreads a long jsonencode argument over lines, indented and aligned as terraform fmt leaves them', () => {
    const definitions = [
      '{"name" = "api", "essential" = true, "command" = ["node", "dist/main.js"],',
      '"environment" = [{"name" = "PORT", "value" = "3000"}],',
      '"logConfiguration" = {"logDriver" = "awslogs", "options" = {',
      '"awslogs-group" = aws_cloudwatch_log_group.api.name, "awslogs-stream-prefix" = "api"}}}',
    ].join(' ');
    const raw = [
      'resource "aws_ecs_task_definition" "api" {',
      `container_definitions = "\${jsonencode([${definitions}])}"`,
      'family = "skyport-api"',
      '}',
    ].join('\n');
    // Checked with terraform 1.11.4: `terraform fmt -check` accepts this exactly.
    expect(formatHcl(raw).split('\n')).toEqual([
      'resource "aws_ecs_task_definition" "api" {',
      '  container_definitions = jsonencode([',
      '    {',
      '      "name"      = "api"',
      '      "essential" = true',
      '      "command"   = ["node", "dist/main.js"]',
      '      "environment" = [',
      '        {',
      '          "name"  = "PORT"',
      '          "value" = "3000"',
      '        },',
      '      ]',
      '      "logConfiguration" = {',
      '        "logDriver" = "awslogs"',
      '        "options" = {',
      '          "awslogs-group"         = aws_cloudwatch_log_group.api.name',
      '          "awslogs-stream-prefix" = "api"',
      '        }',
      '      }',
      '    },',
      '  ])',
      '  family = "skyport-api"',
      '}',
      '',
    ]);
  });

  it('leaves a heredoc body and its closing marker exactly as written', () => {
    const raw = ['resource "x" "y" {', 'code = <<EOF', '  if (a) {', 'EOF', 'name = "n"', '}'].join(
      '\n',
    );
    expect(formatHcl(raw).split('\n')).toEqual([
      'resource "x" "y" {',
      '  code = <<EOF',
      '  if (a) {',
      'EOF',
      '  name = "n"',
      '}',
      '',
    ]);
  });
});
