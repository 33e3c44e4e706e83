import type { TerraformJson } from '../terraform-validate/terraform-json';
import { checkVariables, declaredVariables, stackVariables, variablesTemplate } from './check-vars';
import type { EnvironmentStack } from './environment';
import { countChanges, formatPlanTable, hasChanges, planVerdict } from './plan-summary';
import { withStateSettings } from './state-settings';
import { parseTfvars } from './tfvars';

const rule = (name: string, pattern: string, message: string) => ({
  description: `${name} of the environment`,
  validation: [
    {
      condition: `\${can(regex(${JSON.stringify(pattern)}, var.${name}))}`,
      error_message: message,
    },
  ],
});
const stack = (name: string, variable: Record<string, unknown>): EnvironmentStack => ({
  name,
  dependencies: [],
  json: { variable } as TerraformJson,
});
const domain = rule(
  'domain_name',
  '^([a-z0-9-]+\\.)+[a-z]{2,63}$',
  'domain_name must be a DNS name.',
);
const stacks = [
  stack('dev-edge', { domain_name: domain }),
  stack('dev-app', {
    domain_name: domain,
    image_tag: rule('image_tag', '^[A-Za-z0-9_.-]+$', 'image_tag must be a tag.'),
    alert_email: rule('alert_email', '^[^@]+@[^@]+$', 'alert_email must be an address.'),
  }),
  stack('dev-network', {}),
];
const declared = declaredVariables(stacks);
const check = (text: string) =>
  checkVariables({
    file: 'environments/dev.tfvars',
    values: parseTfvars(text, 'environments/dev.tfvars'),
    declared,
  });

describe('the variables file check', () => {
  it('collects every variable with the stacks that declare it and its rule', () => {
    expect(declared.get('domain_name')?.stacks).toEqual(['dev-edge', 'dev-app']);
    expect(declared.get('domain_name')?.rules[0]?.pattern.test('example.com')).toBe(true);
    expect(declared.get('domain_name')?.rules[0]?.pattern.test('https://example.com')).toBe(false);
  });

  it('finds a typo, a missing value and a bad value at once, each with its line and the fix', () => {
    expect(check('domian_name = "example.com"\nalert_email = "nobody"\n')).toEqual([
      expect.stringMatching(
        /^environments\/dev.tfvars:1: domian_name is not a variable of any stack here; did you mean domain_name\?/,
      ),
      'environments/dev.tfvars:2: alert_email = "nobody": alert_email must be an address.',
      'environments/dev.tfvars: domain_name is missing (needed by dev-edge, dev-app): add domain_name = "..." — domain_name of the environment',
    ]);
  });

  it('leaves image_tag to make deploy and refuses it in the file', () => {
    expect(check('domain_name = "example.com"\nalert_email = "a@b.c"\n')).toEqual([]);
    expect(
      check('domain_name = "example.com"\nalert_email = "a@b.c"\nimage_tag = "abc"\n'),
    ).toEqual([
      'environments/dev.tfvars:3: remove image_tag: make deploy sets it to the commit it builds (IMAGE_TAG=<tag> picks another)',
    ]);
  });

  it('gives each stack only the variables it declares', () => {
    const values = new Map([
      ['domain_name', 'example.com'],
      ['alert_email', 'a@b.c'],
      ['image_tag', 'abc'],
    ]);
    expect(stackVariables(stacks[0]!, values)).toEqual({ domain_name: 'example.com' });
    expect(stackVariables(stacks[2]!, values)).toEqual({});
    expect(Object.keys(stackVariables(stacks[1]!, values))).toEqual([
      'alert_email',
      'domain_name',
      'image_tag',
    ]);
  });

  it('refuses a rule it cannot evaluate offline instead of passing it', () => {
    const odd = stack('dev-odd', {
      size: { validation: [{ condition: '${var.size > 3}', error_message: 'x' }] },
    });
    expect(() => declaredVariables([odd])).toThrow(
      'dev-odd: variable size has a validation rule check-vars cannot evaluate offline',
    );
  });

  it('writes a starting file without image_tag', () => {
    const template = variablesTemplate(declared);
    expect(template).toContain(
      '# domain_name of the environment (dev-edge, dev-app)\ndomain_name = ""',
    );
    expect(template).not.toContain('image_tag');
  });
});

describe('the variables file reader', () => {
  it('reads strings, escapes and comments', () => {
    const values = parseTfvars('# c\n// c\n\na = "x\\"y" # trailing\n', 'f');
    expect(values.get('a')).toEqual({ value: 'x"y', line: 4 });
  });

  it('names the line of anything that is not name = "string"', () => {
    expect(() => parseTfvars('a = 3\n', 'f')).toThrow(
      'f:1: expected name = "value" (every Skyport variable is a string), got: a = 3',
    );
    expect(() => parseTfvars('a = "1"\na = "2"\n', 'f')).toThrow(
      'f:2: a is set twice (first on line 1)',
    );
    expect(() => parseTfvars('a = "${var.b}"\n', 'f')).toThrow('f:1: a uses a template sequence');
  });
});

describe('the plan summary', () => {
  const plan = {
    resource_changes: [
      { change: { actions: ['create'] } },
      { change: { actions: ['update'] } },
      { change: { actions: ['delete'] } },
      { change: { actions: ['delete', 'create'] } },
      { change: { actions: ['create', 'delete'] } },
      { change: { actions: ['no-op'] } },
      { change: { actions: ['read'] } },
    ],
  };

  it('counts replacements apart from adds and destroys', () => {
    expect(countChanges(plan)).toEqual({ add: 1, change: 1, destroy: 1, replace: 2 });
    expect(hasChanges({ resource_changes: [{ change: { actions: ['no-op'] } }] })).toBe(false);
    expect(hasChanges({ output_changes: { url: { actions: ['update'] } } })).toBe(true);
  });

  it('prints one row per stack and a verdict line', () => {
    const stacks = [
      {
        stack: 'dev-network',
        status: 'changes' as const,
        add: 31,
        change: 0,
        destroy: 0,
        replace: 0,
      },
      {
        stack: 'dev-app',
        status: 'blocked' as const,
        add: 0,
        change: 0,
        destroy: 0,
        replace: 0,
        reason: 'plans after dev-network is applied',
      },
    ];
    expect(formatPlanTable(stacks)).toEqual([
      'stack        add  change  destroy  replace  status',
      'dev-network   31       0        0        0  changes',
      'dev-app        -       -        -        -  blocked: plans after dev-network is applied',
    ]);
    expect(planVerdict('dev', stacks, '.skyport/plans/dev/')).toBe(
      'plan: dev: 2 stacks, 1 with changes, 0 unchanged, 1 blocked (31 to add, 0 to change, 0 to destroy, 0 to replace); plans in .skyport/plans/dev/',
    );
  });
});

describe('make bootstrap', () => {
  it('writes the state settings and keeps the rest of skyport.config.json', () => {
    const before = JSON.stringify({ '//': 'note', state: { bucket: null, region: 'eu-west-1' } });
    expect(JSON.parse(withStateSettings(before, 'acme-tfstate', 'us-east-2'))).toEqual({
      '//': 'note',
      state: { bucket: 'acme-tfstate', region: 'us-east-2' },
    });
  });
});
