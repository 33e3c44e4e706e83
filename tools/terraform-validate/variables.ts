import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TerraformJson } from './terraform-json';

/** Reads `name = "value"` lines of terraform.tfvars.example (the documented example values). */
export function parseTfvarsExample(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([a-z_][a-z0-9_]*)\s*=\s*"([^"]*)"\s*$/.exec(line);
    if (match) values[match[1]!] = match[2]!;
  }
  return values;
}

/**
 * Values for the variables a stack declares, for a run against moto: the documented examples,
 * except that each environment gets its own domain, as it would in real use. Undefined when the
 * stack declares none.
 */
export function validationVariables(
  stack: TerraformJson,
  root: string,
): Record<string, string> | undefined {
  const declared = Object.keys(stack.variable ?? {});
  if (declared.length === 0) return undefined;
  const examples = parseTfvarsExample(
    readFileSync(path.join(root, 'terraform.tfvars.example'), 'utf8'),
  );
  const environment = stack['//']?.skyport?.environment ?? 'shared';
  const perEnvironment: Record<string, string | undefined> = {
    domain_name: `${environment}.example.com`,
  };
  const values: Record<string, string> = {};
  for (const name of declared) {
    const value = perEnvironment[name] ?? examples[name];
    if (value === undefined) {
      throw new Error(
        `variable ${name} has no example value in terraform.tfvars.example; add one so validation can plan the stack`,
      );
    }
    values[name] = value;
  }
  return values;
}
