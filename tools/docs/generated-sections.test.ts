import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { synthDefault } from '../testing/default-synth';
import {
  collectVariables,
  markdownTable,
  replaceSection,
  sectionNames,
  stacksTable,
  variablesTable,
} from './generated-sections';
import { GENERATED_DOCUMENTS, renderDocument, sectionsFromSynth } from './render-docs';

const root = path.join(__dirname, '..', '..');

describe('the generated sections of the README and docs', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = synthDefault('docs-synth');
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it.each(GENERATED_DOCUMENTS)(
    '%s matches a fresh synth (run `make docs` when it does not)',
    (document) => {
      const text = readFileSync(path.join(root, document), 'utf8');
      expect(sectionNames(text).length).toBeGreaterThan(0);
      expect(renderDocument(text, sectionsFromSynth(outdir))).toBe(text);
    },
  );

  it('names every stack synth writes in the README', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, unknown>;
    };
    for (const stack of Object.keys(manifest.stacks)) expect(readme).toContain(`\`${stack}\``);
  });
});

describe('stacksTable', () => {
  it('right-aligns the counts and adds the total of resources', () => {
    expect(
      stacksTable([
        { stack: 'bootstrap', resources: 9, dataSources: 1, variables: 0, outputs: 2 },
        { stack: 'dev-app', resources: 71, dataSources: 17, variables: 5, outputs: 3 },
      ]).split('\n'),
    ).toEqual([
      '| stack       | resources | data sources | variables | outputs |',
      '| ----------- | --------: | -----------: | --------: | ------: |',
      '| `bootstrap` |         9 |            1 |         0 |       2 |',
      '| `dev-app`   |        71 |           17 |         5 |       3 |',
      '| total       |        80 |              |           |         |',
    ]);
  });
});

describe('collectVariables and variablesTable', () => {
  it('lists each variable once with the stacks that declare it, required when it has no default', () => {
    const variables = collectVariables([
      {
        stack: 'dev-app',
        json: {
          variable: {
            image_tag: { description: 'tag | sha' },
            zone: { description: 'z', default: 'a' },
          },
        },
      },
      { stack: 'prod-app', json: { variable: { image_tag: { description: 'tag | sha' } } } },
      { stack: 'dev-edge', json: { variable: { zone: { description: 'z', default: 'a' } } } },
    ]);
    expect(variables).toEqual([
      {
        name: 'image_tag',
        description: 'tag | sha',
        required: true,
        stacks: ['dev-app', 'prod-app'],
      },
      { name: 'zone', description: 'z', required: false, stacks: ['dev-app', 'dev-edge'] },
    ]);
    const table = variablesTable(variables);
    expect(table).toContain('| `image_tag` | `<env>-app`           | yes      | tag \\| sha |');
    expect(table).toContain('| `zone`      | `dev-app`, `dev-edge`');
  });
});

describe('markdownTable', () => {
  it('pads by characters, as Prettier does, so an arrow or a dash keeps the columns straight', () => {
    expect(markdownTable(['a', 'b'], [['20→50', 'x']], ['left', 'left']).split('\n')).toEqual([
      '| a     | b   |',
      '| ----- | --- |',
      '| 20→50 | x   |',
    ]);
  });
});

describe('replaceSection', () => {
  it('replaces only the text between the named markers', () => {
    const document = 'before\n<!-- generated:x -->\nold\n<!-- /generated:x -->\nafter\n';
    expect(replaceSection(document, 'x', 'new')).toBe(
      'before\n<!-- generated:x -->\n\nnew\n\n<!-- /generated:x -->\nafter\n',
    );
  });

  it('fails with the markers it looked for when a section is missing', () => {
    expect(() => replaceSection('no markers', 'stacks', '')).toThrow(
      'the document has no "<!-- generated:stacks -->" ... "<!-- /generated:stacks -->" section',
    );
  });
});

describe('the README', () => {
  it('documents every make target the Makefile lists in `make help`', () => {
    const makefile = readFileSync(path.join(root, 'Makefile'), 'utf8');
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const targets = [...makefile.matchAll(/^([a-z-]+):.*## /gm)].map((match) => match[1] ?? '');
    expect(targets.length).toBeGreaterThan(10);
    // The first cell of the make-targets table: `make a` / `b` / `c` names a, b and c.
    const documented = new Set(
      readme
        .split('\n')
        .filter((line) => line.startsWith('| `make'))
        .flatMap((line) => [...(line.split(' | ')[0] ?? '').matchAll(/`(?:make )?([a-z-]+)`/g)])
        .map((match) => match[1] ?? ''),
    );
    const missing = targets.filter((target) => !documented.has(target));
    expect(missing).toEqual([]);
  });
});
