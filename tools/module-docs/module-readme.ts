/**
 * The props and outputs tables of a module's README, written between `<!-- generated:props -->`
 * and `<!-- generated:outputs -->` markers from the module's TypeScript, so the README cannot
 * drift from the interfaces (make lint checks; make docs-modules rewrites).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { markdownTable, replaceSection } from '../docs/generated-sections';
import { constructApi, type ConstructDoc, type PropDoc } from './construct-api';

/** The props tables of the module's constructs, one per construct that has a props interface. */
export function propsSection(constructs: readonly ConstructDoc[]): string {
  const withProps = constructs.filter((c) => c.props);
  if (withProps.length === 0) return 'No props.';
  const tables = withProps.map(
    (construct) => `\`${construct.className}Props\`:\n\n${propsTable(construct.props ?? [])}`,
  );
  const nested = constructs
    .flatMap((construct) => construct.nested)
    .filter((entry, at, all) => all.findIndex((other) => other.name === entry.name) === at)
    .map((entry) => `\`${entry.name}\`, used in the props above:\n\n${propsTable(entry.props)}`);
  return [...tables, ...nested].join('\n\n');
}

function propsTable(props: readonly PropDoc[]): string {
  return markdownTable(
    ['prop', 'type', 'default', 'what it is'],
    props.map((prop) => [
      `\`${prop.name}\``,
      code(prop.type),
      prop.optional ? cell(prop.defaultText ?? '—') : 'required',
      cell(prop.description),
    ]),
    ['left', 'left', 'left', 'left'],
  );
}

/** What each construct exposes: its public readonly members. */
export function outputsSection(constructs: readonly ConstructDoc[]): string {
  return constructs
    .map((construct) => {
      const rows = construct.outputs.map((output) => [
        `\`.${output.name}\``,
        code(output.type),
        cell(output.description),
      ]);
      const body =
        rows.length === 0
          ? 'Nothing public.'
          : markdownTable(['member', 'type', 'what it is'], rows, ['left', 'left', 'left']);
      return `\`${construct.className}\`:\n\n${body}`;
    })
    .join('\n\n');
}

/** The README with its generated sections rewritten; sections it lacks are left out. */
export function renderModuleReadme(readme: string, constructs: readonly ConstructDoc[]): string {
  let text = readme;
  const sections: Array<[string, () => string]> = [
    ['props', () => propsSection(constructs)],
    ['outputs', () => outputsSection(constructs)],
  ];
  for (const [name, render] of sections) {
    if (text.includes(`<!-- generated:${name} -->`)) text = replaceSection(text, name, render());
  }
  return text;
}

/** Every module folder (under `modulesDir`) whose index exports a construct class. */
export function moduleConstructs(modulesDir: string): Map<string, ConstructDoc[]> {
  const read = (dir: string) =>
    readdirSync(path.join(modulesDir, dir))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => ({
        file: `${dir}/${name}`,
        text: readFileSync(path.join(modulesDir, dir, name), 'utf8'),
      }));
  const folders = readdirSync(modulesDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && !['node_modules', 'test-results'].includes(entry.name),
    )
    .map((entry) => entry.name)
    .sort();
  const files = new Map(folders.map((folder) => [folder, read(folder)]));
  const all = [...files.values()].flat();
  const result = new Map<string, ConstructDoc[]>();
  for (const [folder, own] of files) {
    const constructs = constructApi(own, all);
    if (constructs.length > 0) result.set(folder, constructs);
  }
  return result;
}

/** Inline code in a table cell: backticks, and a union's bars escaped for the table. */
function code(text: string): string {
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
