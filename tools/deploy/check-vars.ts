import type { EnvironmentStack } from './environment';

/** One variable as the synthesized stacks declare it. */
export interface DeclaredVariable {
  readonly name: string;
  readonly description: string;
  /** The stacks that declare it, in apply order. */
  readonly stacks: string[];
  readonly required: boolean;
  /** The stack's own validation: a value must match `pattern` (RE2, whole value). */
  readonly rules: { readonly pattern: RegExp; readonly errorMessage: string }[];
}

interface VariableBlock {
  readonly description?: string;
  readonly default?: unknown;
  readonly validation?: { readonly condition: string; readonly error_message: string }[];
}

/** Variables the deploy commands set themselves, and how a person chooses another value. */
export const SUPPLIED_BY_COMMAND: Readonly<Record<string, string>> = {
  image_tag: 'make deploy sets it to the commit it builds (IMAGE_TAG=<tag> picks another)',
};

// declareVariable (stacks/variables.ts) writes every rule as `can(regex("<pattern>", var.<name>))`.
const REGEX_RULE = /^\$\{can\(regex\(("(?:[^"\\]|\\.)*"), var\.([A-Za-z0-9_]+)\)\)\}$/;

export function declaredVariables(
  stacks: readonly EnvironmentStack[],
): Map<string, DeclaredVariable> {
  const declared = new Map<string, DeclaredVariable>();
  for (const stack of stacks) {
    const blocks = (stack.json.variable ?? {}) as Record<string, VariableBlock>;
    for (const [name, block] of Object.entries(blocks)) {
      const known = declared.get(name);
      if (known) {
        known.stacks.push(stack.name);
        continue;
      }
      const rules = (block.validation ?? []).map((rule) => {
        const match = REGEX_RULE.exec(rule.condition);
        if (!match || match[2] !== name) {
          throw new Error(
            `${stack.name}: variable ${name} has a validation rule check-vars cannot evaluate offline (${rule.condition}); declare it with declareVariable (stacks/variables.ts)`,
          );
        }
        return {
          pattern: new RegExp(`^(?:${JSON.parse(match[1]!) as string})$`),
          errorMessage: rule.error_message,
        };
      });
      declared.set(name, {
        name,
        description: block.description ?? '',
        stacks: [stack.name],
        required: block.default === undefined,
        rules,
      });
    }
  }
  return declared;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The declared name a typo most likely meant, when one is close. */
function closest(name: string, names: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of names) {
    const d = distance(name, candidate);
    if (d <= 3 && (!best || d < best.distance)) best = { name: candidate, distance: d };
  }
  return best?.name;
}

export interface VariablesCheck {
  readonly file: string;
  readonly values: ReadonlyMap<string, { value: string; line: number }>;
  readonly declared: ReadonlyMap<string, DeclaredVariable>;
  /** Values the command supplies (image_tag at deploy). */
  readonly supplied?: ReadonlySet<string>;
}

/** Every problem of a variables file, each naming the line or the variable and the fix. */
export function checkVariables(check: VariablesCheck): string[] {
  const problems: string[] = [];
  for (const [name, { value, line }] of check.values) {
    const where = `${check.file}:${line}`;
    const variable = check.declared.get(name);
    if (name in SUPPLIED_BY_COMMAND) {
      problems.push(`${where}: remove ${name}: ${SUPPLIED_BY_COMMAND[name]}`);
    } else if (!variable) {
      const guess = closest(name, check.declared.keys());
      problems.push(
        `${where}: ${name} is not a variable of any stack here${guess ? `; did you mean ${guess}?` : ''} (declared: ${[...check.declared.keys()].sort().join(', ')})`,
      );
    } else {
      for (const rule of variable.rules) {
        if (!rule.pattern.test(value))
          problems.push(`${where}: ${name} = "${value}": ${rule.errorMessage}`);
      }
    }
  }
  for (const variable of check.declared.values()) {
    if (!variable.required || check.values.has(variable.name)) continue;
    if (variable.name in SUPPLIED_BY_COMMAND || check.supplied?.has(variable.name)) continue;
    problems.push(
      `${check.file}: ${variable.name} is missing (needed by ${variable.stacks.join(', ')}): add ${variable.name} = "..." — ${variable.description}`,
    );
  }
  return problems;
}

/** Exactly the variables one stack declares, so no plan warns about undeclared ones. */
export function stackVariables(
  stack: EnvironmentStack,
  values: ReadonlyMap<string, string>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of Object.keys(stack.json.variable ?? {}).sort()) {
    const value = values.get(name);
    if (value !== undefined) result[name] = value;
  }
  return result;
}

/** A starting file for an environment: every variable it needs, each with its description. */
export function variablesTemplate(declared: ReadonlyMap<string, DeclaredVariable>): string {
  const lines: string[] = [];
  for (const variable of [...declared.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (variable.name in SUPPLIED_BY_COMMAND) continue;
    lines.push(
      `# ${variable.description} (${variable.stacks.join(', ')})`,
      `${variable.name} = ""`,
      '',
    );
  }
  return lines.join('\n');
}
