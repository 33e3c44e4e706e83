/**
 * What a module offers, read from its TypeScript with the compiler's parser: for each construct
 * class its index exports, the `<Class>Props` interface (name, type, `@default`, doc comment) and
 * the class's public readonly members (what other constructs may use).
 */
import ts from 'typescript';

export interface PropDoc {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  /** The `@default` text; undefined when the prop has none. */
  readonly defaultText?: string;
  readonly description: string;
}

export interface OutputDoc {
  readonly name: string;
  readonly type: string;
  readonly description: string;
}

export interface ConstructDoc {
  readonly className: string;
  /** Undefined when the class has no `<Class>Props` interface. */
  readonly props?: readonly PropDoc[];
  /**
   * Interfaces of the module that the props use (`containers: ContainerSpec[]`), with their
   * members, so a nested prop's default is documented too.
   */
  readonly nested: ReadonlyArray<{ readonly name: string; readonly props: readonly PropDoc[] }>;
  readonly outputs: readonly OutputDoc[];
}

interface ModuleFile {
  readonly file: string;
  readonly text: string;
}

/**
 * The constructs of one module, in the order its index exports them. `files` are the module's
 * sources (index.ts among them); `others` are sources elsewhere that props may extend.
 */
export function constructApi(
  files: readonly ModuleFile[],
  others: readonly ModuleFile[] = [],
): ConstructDoc[] {
  const parse = ({ file, text }: ModuleFile) =>
    ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const sources = files.map(parse);
  const everywhere = [...sources, ...others.map(parse)];
  const index = sources.find((source) => /(^|\/)index\.ts$/.test(source.fileName));
  if (!index) return [];
  const classes = new Map<string, ts.ClassDeclaration>();
  for (const source of sources) {
    for (const statement of source.statements) {
      if (ts.isClassDeclaration(statement) && statement.name && extendsSomething(statement))
        classes.set(statement.name.text, statement);
    }
  }
  const exported = exportedNames(index);
  return exported
    .filter((name) => classes.has(name))
    .map((className) => {
      const declaration = classes.get(className) as ts.ClassDeclaration;
      const props = findInterface(everywhere, `${className}Props`);
      const propList = props ? propDocs(props, everywhere) : undefined;
      return {
        className,
        props: propList,
        nested: nestedInterfaces(propList ?? [], exported, sources, everywhere),
        outputs: outputDocs(declaration),
      };
    });
}

/** The module's exported interfaces a prop's type names, and those their members name, once each. */
function nestedInterfaces(
  props: readonly PropDoc[],
  exported: readonly string[],
  sources: readonly ts.SourceFile[],
  everywhere: readonly ts.SourceFile[],
): Array<{ name: string; props: PropDoc[] }> {
  const found: Array<{ name: string; props: PropDoc[] }> = [];
  const queue = [...props];
  for (let prop = queue.shift(); prop; prop = queue.shift()) {
    for (const name of prop.type.match(/\b[A-Z]\w*/g) ?? []) {
      if (!exported.includes(name) || found.some((f) => f.name === name)) continue;
      const declaration = findInterface(sources, name);
      if (!declaration) continue;
      const members = propDocs(declaration, everywhere);
      found.push({ name, props: members });
      queue.push(...members);
    }
  }
  return found;
}

function extendsSomething(node: ts.ClassDeclaration): boolean {
  return (node.heritageClauses ?? []).some((c) => c.token === ts.SyntaxKind.ExtendsKeyword);
}

function exportedNames(index: ts.SourceFile): string[] {
  return index.statements.flatMap((statement) =>
    ts.isExportDeclaration(statement) &&
    statement.exportClause &&
    ts.isNamedExports(statement.exportClause)
      ? statement.exportClause.elements.map((element) => element.name.text)
      : [],
  );
}

function findInterface(
  sources: readonly ts.SourceFile[],
  name: string,
): ts.InterfaceDeclaration | undefined {
  for (const source of sources) {
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) return statement;
    }
  }
  return undefined;
}

/** The interface's own members, then those of the interfaces it extends (found by name). */
function propDocs(
  node: ts.InterfaceDeclaration,
  sources: readonly ts.SourceFile[],
  seen = new Set<string>(),
): PropDoc[] {
  seen.add(node.name.text);
  const own = node.members.filter(ts.isPropertySignature).map((member) => {
    const { description, tags } = docOf(member);
    return {
      name: member.name.getText(),
      type: oneLine(member.type?.getText() ?? 'unknown'),
      optional: member.questionToken !== undefined,
      defaultText: tags.get('default'),
      description,
    };
  });
  const inherited = (node.heritageClauses ?? [])
    .flatMap((clause) => clause.types)
    .flatMap((type) => {
      const base = findInterface(sources, type.expression.getText());
      return base && !seen.has(base.name.text) ? propDocs(base, sources, seen) : [];
    });
  const names = new Set(own.map((prop) => prop.name));
  return [...own, ...inherited.filter((prop) => !names.has(prop.name))];
}

/** Public readonly properties, getters and methods: what a stack may use of the construct. */
function outputDocs(node: ts.ClassDeclaration): OutputDoc[] {
  const hidden = (member: ts.ClassElement) =>
    ts
      .getModifiers(member as ts.HasModifiers)
      ?.some((m) =>
        [
          ts.SyntaxKind.PrivateKeyword,
          ts.SyntaxKind.ProtectedKeyword,
          ts.SyntaxKind.StaticKeyword,
        ].includes(m.kind),
      ) ||
    (member.name !== undefined && ts.isPrivateIdentifier(member.name));
  const readonly = (member: ts.PropertyDeclaration) =>
    ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) ?? false;
  return node.members.flatMap((member) => {
    if (hidden(member)) return [];
    if (ts.isPropertyDeclaration(member) && readonly(member))
      return [output(member, member.type?.getText())];
    if (ts.isGetAccessorDeclaration(member)) return [output(member, member.type?.getText())];
    // Verbs such as grantRead(role) or scaleOnCpu(percent) are part of what a construct offers.
    if (ts.isMethodDeclaration(member)) {
      const parameters = member.parameters.map((p) => p.name.getText()).join(', ');
      return [
        {
          ...output(member, member.type?.getText()),
          name: `${member.name.getText()}(${parameters})`,
        },
      ];
    }
    return [];
  });
}

function output(member: ts.ClassElement, type: string | undefined): OutputDoc {
  return {
    name: member.name?.getText() ?? '',
    type: oneLine(type ?? 'unknown'),
    description: docOf(member).description,
  };
}

/** The doc comment's text on one line, and its tags by name. */
function docOf(node: ts.Node): { description: string; tags: Map<string, string> } {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs.at(-1);
  const tags = new Map<string, string>();
  for (const tag of last?.tags ?? [])
    tags.set(tag.tagName.text, oneLine(ts.getTextOfJSDocComment(tag.comment) ?? ''));
  return { description: oneLine(ts.getTextOfJSDocComment(last?.comment) ?? ''), tags };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
