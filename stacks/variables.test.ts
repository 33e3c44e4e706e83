import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { synthStack } from '@skyport/modules/testing';
import type { TerraformStack } from 'cdktf';
import { buildApp } from './app';
import { VARIABLES, type VariableName } from './variables';

interface DocumentedVariable {
  readonly value: string;
  readonly comment: string[];
}

/** Reads `name = "value"` assignments and the comment block right above each. */
function readExample(file: string): Map<string, DocumentedVariable> {
  const documented = new Map<string, DocumentedVariable>();
  let comment: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const assignment = /^([a-z][a-z0-9_]*)\s*=\s*"([^"]*)"\s*$/.exec(line);
    if (line.startsWith('#')) comment.push(line.replace(/^#\s?/, ''));
    else if (assignment) {
      documented.set(assignment[1] as string, { value: assignment[2] as string, comment });
      comment = [];
    } else comment = [];
  }
  return documented;
}

/** Variable name -> the stacks that declare it, with the environment written as `<env>`. */
function declaredVariables(): Map<string, Set<string>> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'skyport-variables-'));
  try {
    const app = buildApp({ outdir, env: {} });
    const declared = new Map<string, Set<string>>();
    for (const stack of app.node.children.filter((c): c is TerraformStack => 'toTerraform' in c)) {
      const generic = stack.node.id.replace(/^(dev|prod)-/, '<env>-');
      for (const name of Object.keys(synthStack(stack).variable ?? {})) {
        declared.set(name, (declared.get(name) ?? new Set()).add(generic));
      }
    }
    return declared;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const example = readExample(path.resolve(__dirname, '..', 'terraform.tfvars.example'));
const declared = declaredVariables();

describe('terraform.tfvars.example', () => {
  it('documents every variable any stack declares', () => {
    const undocumented = [...declared.keys()].filter((name) => !example.has(name));
    expect(undocumented).toEqual([]);
    expect(declared.size).toBeGreaterThan(0);
  });

  it('documents no variable that no stack declares', () => {
    expect([...example.keys()].filter((name) => !declared.has(name))).toEqual([]);
  });

  it.each([...declared.entries()])('says which stacks use %s and what it does', (name, stacks) => {
    const doc = example.get(name);
    expect(doc?.comment[0]).toBe(`Used by: ${[...stacks].sort().join(', ')}`);
    expect(doc?.comment.slice(1).join(' ').length).toBeGreaterThan(40);
  });

  it.each(Object.keys(VARIABLES) as VariableName[])(
    'gives %s an example value its own validation accepts',
    (name) => {
      const doc = example.get(name);
      expect(doc?.value).toMatch(new RegExp(VARIABLES[name].pattern));
    },
  );
});

describe('variable validation', () => {
  it.each([
    [
      'domain_name',
      ['example.com', 'dev.example.co.uk'],
      ['https://example.com', 'Example.com', 'example.com.', 'localhost'],
    ],
    ['hosted_zone_id', ['Z0123456789ABCDEFGHIJ'], ['/hostedzone/Z012', 'z0123', '']],
    [
      'owner_email',
      ['owner@example.com', 'First.Last+site@mail.example.co.uk'],
      ['owner', 'owner@example', '@example.com', 'owner @example.com', 'a@b@example.com', ''],
    ],
  ] as const)('accepts good %s values and refuses bad ones', (name, good, bad) => {
    const pattern = new RegExp(VARIABLES[name].pattern);
    for (const value of good) expect(value).toMatch(pattern);
    for (const value of bad) expect(value).not.toMatch(pattern);
  });
});

describe('owner_email', () => {
  it('is declared by the app stacks with a description and a validation Terraform enforces', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'skyport-owner-email-'));
    try {
      const app = buildApp({ outdir, env: {} });
      const appStacks = app.node.children.filter(
        (c): c is TerraformStack => 'toTerraform' in c && /-app$/.test(c.node.id),
      );
      expect(appStacks.map((stack) => stack.node.id).sort()).toEqual(['dev-app', 'prod-app']);
      for (const stack of appStacks) {
        const variable = synthStack(stack).variable?.owner_email as Record<string, unknown>;
        expect(variable).toMatchObject({
          type: 'string',
          nullable: false,
          description: VARIABLES.owner_email.description,
          validation: [
            {
              condition: `\${can(regex(${JSON.stringify(VARIABLES.owner_email.pattern)}, var.owner_email))}`,
              error_message: VARIABLES.owner_email.errorMessage,
            },
          ],
        });
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
