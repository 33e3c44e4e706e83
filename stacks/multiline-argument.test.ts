import { ARGUMENT_WIDTH, multilineArgument } from './multiline-argument';

// The reference CDKTF writes for a cross-stack value: long enough on its own to push a line over.
const REMOTE =
  'data.terraform_remote_state.cross-stack-reference-input-prod-data.outputs.cross-stack-output-aws_secretsmanager_secretpostgres_secret_6B72A3D9arn';

describe('multilineArgument', () => {
  it('leaves an argument that fits in the width on its line', () => {
    const argument = 'secret_string = jsonencode({ "password" = random_password.p.result })';
    expect(multilineArgument(argument, 2)).toEqual([argument]);
  });

  it('counts the indentation in the width', () => {
    const text = 'b'.repeat(ARGUMENT_WIDTH - 'x = { "a" = "" }'.length);
    const argument = `x = { "a" = "${text}" }`;
    expect(argument).toHaveLength(ARGUMENT_WIDTH);
    expect(multilineArgument(argument, 0)).toEqual([argument]);
    expect(multilineArgument(argument, 2)).toEqual(['x = {', `"a" = "${text}"`, '}']);
  });

  it('writes objects one attribute per line and lists of objects one object per line, each with a comma', () => {
    const argument = `container_definitions = jsonencode([{ "name" = "api", "essential" = true, "command" = ["node", "dist/main.js"], "secrets" = [{ "name" = "DATABASE_USER", "valueFrom" = "\${${REMOTE}}:username::" }], "logConfiguration" = { "options" = { "awslogs-stream-prefix" = "api" } } }, { "name" = "worker" }])`;
    expect(multilineArgument(argument, 2)).toEqual([
      'container_definitions = jsonencode([',
      '{',
      '"name" = "api"',
      '"essential" = true',
      '"command" = ["node", "dist/main.js"]',
      '"secrets" = [',
      '{',
      '"name" = "DATABASE_USER"',
      `"valueFrom" = "\${${REMOTE}}:username::"`,
      '},',
      ']',
      '"logConfiguration" = {',
      '"options" = {',
      '"awslogs-stream-prefix" = "api"',
      '}',
      '}',
      '},',
      '{',
      '"name" = "worker"',
      '},',
      '])',
    ]);
  });

  it('puts a list of scalars one item per line only when it does not fit', () => {
    const command = `"fetch('http://127.0.0.1:3000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`;
    const argument = `health = { "command" = ["CMD", "node", "-e", ${command}], "retries" = 3 }`;
    expect(multilineArgument(argument, 2)).toEqual([
      'health = {',
      '"command" = [',
      '"CMD",',
      '"node",',
      '"-e",',
      `${command},`,
      ']',
      '"retries" = 3',
      '}',
    ]);
  });

  it('keeps calls, indexes, for expressions and strings whole, and breaks only the constructors', () => {
    const loop = `[for option in aws_acm_certificate.c.domain_validation_options : option.resource_record_name if option.domain_name == each.key]`;
    expect(multilineArgument(`name = one(${loop})`, 2)).toEqual([`name = one(${loop})`]);
    const tricky = '"pg_isready -U \\"$USER\\" -d \\"[a, b]\\" {c = d}"';
    const argument = `x = jsonencode({ "first" = element(${REMOTE}[0], 1), "second" = ${tricky}, "loop" = ${loop} })`;
    expect(multilineArgument(argument, 2)).toEqual([
      'x = jsonencode({',
      `"first" = element(${REMOTE}[0], 1)`,
      `"second" = ${tricky}`,
      `"loop" = ${loop}`,
      '})',
    ]);
  });
});
