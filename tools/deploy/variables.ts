import { existsSync, readFileSync } from 'node:fs';
import { checkVariables, declaredVariables, variablesTemplate } from './check-vars';
import type { EnvironmentStack } from './environment';
import { shown, variablesFile, type Layout } from './layout';
import { parseTfvars } from './tfvars';

export class VariablesError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly template?: string,
  ) {
    super(problems.join('\n'));
  }
}

/**
 * The values of an environment's variables file (environments/<env>.tfvars), checked against what
 * its stacks declare; `supplied` are the values the command sets itself (image_tag at deploy).
 * Throws a VariablesError listing every problem at once.
 */
export function loadVariables(
  layout: Layout,
  env: string,
  stacks: readonly EnvironmentStack[],
  supplied: Readonly<Record<string, string>> = {},
): Map<string, string> {
  const declared = declaredVariables(stacks);
  const file = variablesFile(layout, env);
  const name = shown(layout, file);
  const needed = [...declared.values()].filter(
    (variable) =>
      variable.required && !(variable.name in supplied) && variable.name !== 'image_tag',
  );
  if (!existsSync(file)) {
    if (needed.length === 0) return new Map(Object.entries(supplied));
    throw new VariablesError(
      [
        `${name} is missing: create it with the lines below, fill in the values and commit it (they are not secret)`,
      ],
      variablesTemplate(declared),
    );
  }
  const values = parseTfvars(readFileSync(file, 'utf8'), name);
  const problems = checkVariables({
    file: name,
    values,
    declared,
    supplied: new Set(Object.keys(supplied)),
  });
  if (problems.length > 0) throw new VariablesError(problems);
  return new Map([
    ...[...values].map(([key, { value }]) => [key, value] as const),
    ...Object.entries(supplied),
  ]);
}
