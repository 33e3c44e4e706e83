/**
 * Parts of the README and docs that quote what synth produces are written between markers
 * (`<!-- generated:NAME -->` ... `<!-- /generated:NAME -->`) by `make docs`, and a test fails when
 * they differ from a fresh synth, so a count in a document cannot go stale.
 */
import { type StackSummary } from '../synth-summary/summarize-stacks';

export interface StackVariable {
  readonly name: string;
  readonly description: string;
  /** Whether Terraform asks for it (no default). */
  readonly required: boolean;
  readonly stacks: readonly string[];
}

interface VariableJson {
  readonly description?: string;
  readonly default?: unknown;
}

/** Every variable any stack declares, once, with the stacks that declare it. */
export function collectVariables(
  stacks: ReadonlyArray<{ stack: string; json: { variable?: Record<string, VariableJson> } }>,
): StackVariable[] {
  const byName = new Map<string, { description: string; required: boolean; stacks: string[] }>();
  for (const { stack, json } of stacks) {
    for (const [name, variable] of Object.entries(json.variable ?? {})) {
      const known = byName.get(name);
      if (known) known.stacks.push(stack);
      else
        byName.set(name, {
          description: variable.description ?? '',
          required: !('default' in variable),
          stacks: [stack],
        });
    }
  }
  return [...byName]
    .map(([name, v]) => ({ name, ...v }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A Markdown table of what each stack holds, in synth order, with a total row. */
export function stacksTable(rows: readonly StackSummary[]): string {
  const total = rows.reduce((sum, row) => sum + row.resources, 0);
  return markdownTable(
    ['stack', 'resources', 'data sources', 'variables', 'outputs'],
    [
      ...rows.map((r) => [`\`${r.stack}\``, r.resources, r.dataSources, r.variables, r.outputs]),
      ['total', total, '', '', ''],
    ],
    ['left', 'right', 'right', 'right', 'right'],
  );
}

/** A Markdown table of the Terraform variables: name, which stacks read it, required or not, what it is. */
export function variablesTable(variables: readonly StackVariable[]): string {
  return markdownTable(
    ['variable', 'stacks', 'required', 'what it is'],
    variables.map((v) => [
      `\`${v.name}\``,
      compressStacks(v.stacks),
      v.required ? 'yes' : 'no',
      v.description.replace(/\|/g, '\\|'),
    ]),
    ['left', 'left', 'left', 'left'],
  );
}

/** `dev-app, prod-app` reads as `<env>-app` when every environment declares it. */
function compressStacks(stacks: readonly string[]): string {
  const layers = new Map<string, Set<string>>();
  const envs = new Set<string>();
  for (const stack of stacks) {
    const dash = stack.indexOf('-');
    if (dash < 0) {
      layers.set(stack, new Set());
      continue;
    }
    const env = stack.slice(0, dash);
    envs.add(env);
    const layer = stack.slice(dash + 1);
    layers.set(layer, (layers.get(layer) ?? new Set()).add(env));
  }
  return [...layers]
    .map(([layer, inEnvs]) =>
      inEnvs.size === 0
        ? `\`${layer}\``
        : inEnvs.size === envs.size && envs.size > 1
          ? `\`<env>-${layer}\``
          : [...inEnvs].map((env) => `\`${env}-${layer}\``).join(', '),
    )
    .join(', ');
}

type Align = 'left' | 'right';

/** A Markdown table padded the way Prettier pads one, so `prettier --check` leaves it alone. */
export function markdownTable(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
  align: readonly Align[],
): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, c) =>
    Math.max(3, ...cells.map((row) => displayWidth(row[c] ?? ''))),
  );
  const pad = (text: string, c: number) => {
    const fill = ' '.repeat((widths[c] ?? 0) - displayWidth(text));
    return align[c] === 'right' ? fill + text : text + fill;
  };
  const line = (row: readonly string[]) =>
    `| ${header.map((_, c) => pad(row[c] ?? '', c)).join(' | ')} |`;
  const rule = `| ${header
    .map((_, c) =>
      align[c] === 'right' ? `${'-'.repeat((widths[c] ?? 3) - 1)}:` : '-'.repeat(widths[c] ?? 3),
    )
    .join(' | ')} |`;
  return [line(header), rule, ...cells.slice(1).map(line)].join('\n');
}

/** Prettier pads by display width: an em dash or an arrow counts one column, like ASCII. */
function displayWidth(text: string): number {
  return [...text].length;
}

/** Replaces the text between a named section's markers; fails when the markers are missing. */
export function replaceSection(document: string, name: string, content: string): string {
  const open = `<!-- generated:${name} -->`;
  const close = `<!-- /generated:${name} -->`;
  const start = document.indexOf(open);
  const end = document.indexOf(close);
  if (start < 0 || end < start) {
    throw new Error(`the document has no "${open}" ... "${close}" section`);
  }
  return `${document.slice(0, start + open.length)}\n\n${content}\n\n${document.slice(end)}`;
}

/** The names of every generated section a document holds. */
export function sectionNames(document: string): string[] {
  return [...document.matchAll(/<!-- generated:([a-z-]+) -->/g)].map((match) => match[1] ?? '');
}
