/**
 * Where construct ids are written in the TypeScript sources of stacks/ and modules/, read with the
 * TypeScript compiler's parser (no type checking: a full program over the AWS provider's types
 * would take longer than the question deserves).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** How an id is written at a site. */
export type IdForm =
  /** `new X(this, 'api')`, or `'api'` passed to a function that forwards it as an id. */
  | { readonly kind: 'literal'; readonly value: string }
  /** `` `${id}-task` ``: the fixed parts, in order, for matching. */
  | { readonly kind: 'template'; readonly parts: readonly string[]; readonly text: string }
  /** Anything else (a variable, a call): the expression as written. */
  | { readonly kind: 'expression'; readonly text: string };

export interface IdSite {
  /** Repository-relative path. */
  readonly file: string;
  readonly line: number;
  readonly id: IdForm;
  /** The class constructed (`FargateService`), or the class a forwarding call ends in. */
  readonly constructs: string;
  /** The class the site is written in, when it is one (the parent when the scope is `this`). */
  readonly inClass?: string;
  /** Whether the scope argument is `this`. */
  readonly scopeIsThis: boolean;
  /** Set for a literal passed through a function or method (`alarm('api-5xx-rate', ...)`). */
  readonly through?: string;
}

export interface ClassInfo {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** The class it extends, by name, when it extends one. */
  readonly base?: string;
}

/** A function, method or arrow function whose parameter becomes a construct id. */
interface Forwarder {
  readonly name: string;
  readonly parameter: number;
  readonly constructs: string;
  readonly inClass?: string;
  readonly scopeIsThis: boolean;
}

export interface SourceIndex {
  readonly sites: readonly IdSite[];
  readonly classes: ReadonlyMap<string, ClassInfo>;
}

/** Every `.ts` file under the folders, tests and generated folders left out. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'test-results', '.gen', 'testing'].includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !/\.(test|e2e)\.ts$/.test(entry.name))
        files.push(full);
    }
  };
  for (const folder of folders) walk(path.join(root, folder));
  return files.sort();
}

/** Reads the files into an index of id sites and classes. */
export function indexSources(root: string, files: readonly string[]): SourceIndex {
  return indexTexts(
    files.map((file) => ({
      file: path.relative(root, file).split(path.sep).join('/'),
      text: readFileSync(file, 'utf8'),
    })),
  );
}

/** The same from file texts (tests give small sources). */
export function indexTexts(files: ReadonlyArray<{ file: string; text: string }>): SourceIndex {
  const sources = files.map(({ file, text }) => ({
    file,
    source: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true),
  }));
  const classes = new Map<string, ClassInfo>();
  const sites: IdSite[] = [];
  const forwarders: Forwarder[] = [];
  const calls: Array<{ file: string; node: ts.CallExpression }> = [];

  for (const { file, source } of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name) {
        const base = node.heritageClauses
          ?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)
          ?.types[0]?.expression.getText(source);
        classes.set(node.name.text, {
          name: node.name.text,
          file,
          line: lineOf(source, node.name),
          base: base?.split('.').pop(),
        });
      }
      if (ts.isNewExpression(node) && node.arguments && node.arguments.length >= 2) {
        const [scope, idArgument] = node.arguments as unknown as [ts.Expression, ts.Expression];
        const constructs = node.expression.getText(source).split('.').pop() ?? '';
        const inClass = enclosingClass(node);
        const scopeIsThis = scope.kind === ts.SyntaxKind.ThisKeyword;
        sites.push({
          file,
          line: lineOf(source, idArgument),
          id: idForm(idArgument, source),
          constructs,
          inClass,
          scopeIsThis,
        });
        const parameter = parameterIndex(idArgument);
        if (parameter) forwarders.push({ ...parameter, constructs, inClass, scopeIsThis });
      }
      if (ts.isCallExpression(node)) {
        if (node.expression.kind === ts.SyntaxKind.SuperKeyword) superSite(node, file, source);
        else calls.push({ file, node });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }

  // `super(scope, 'app', props)`: the subclass names its own id through its base's constructor.
  function superSite(node: ts.CallExpression, file: string, source: ts.SourceFile): void {
    const idArgument = node.arguments[1];
    const inClass = enclosingClass(node);
    if (!idArgument || !inClass) return;
    sites.push({
      file,
      line: lineOf(source, idArgument),
      id: idForm(idArgument, source),
      constructs: inClass,
      scopeIsThis: false,
      through: 'super',
    });
  }

  // A call that passes its own parameter on to a forwarder forwards too (`alarm(id, ...)` in a
  // helper that wraps `alerts.alarm`); a few rounds reach every chain in this code base.
  for (let round = 0; round < 4; round += 1) {
    for (const { node } of calls) {
      const name = calleeName(node);
      for (const forwarder of forwarders.filter((f) => f.name === name)) {
        const argument = node.arguments[forwarder.parameter];
        const parameter = argument && parameterIndex(argument);
        if (!parameter) continue;
        const known = forwarders.some(
          (f) => f.name === parameter.name && f.parameter === parameter.parameter,
        );
        if (!known) forwarders.push({ ...forwarder, ...parameter });
      }
    }
  }

  for (const { file, node } of calls) {
    const name = calleeName(node);
    const source = node.getSourceFile();
    for (const forwarder of forwarders.filter((f) => f.name === name)) {
      const argument = node.arguments[forwarder.parameter];
      if (!argument || parameterIndex(argument)) continue;
      const id = idForm(argument, source);
      if (id.kind === 'expression') continue;
      sites.push({
        file,
        line: lineOf(source, argument),
        id,
        constructs: forwarder.constructs,
        // The receiver decides the parent; `alerts.alarm(...)` makes children of an AlertTopic.
        inClass: forwarder.scopeIsThis ? forwarder.inClass : undefined,
        scopeIsThis: forwarder.scopeIsThis,
        through: name,
      });
    }
  }
  return { sites, classes };
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

function idForm(node: ts.Expression, source: ts.SourceFile): IdForm {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    return { kind: 'literal', value: node.text };
  if (ts.isTemplateExpression(node))
    return {
      kind: 'template',
      parts: [node.head.text, ...node.templateSpans.map((span) => span.literal.text)],
      text: node.getText(source),
    };
  // `const ID = 'aws-context'` in the same file is as findable as the literal itself.
  if (ts.isIdentifier(node)) {
    const value = constantValue(node, source);
    if (value !== undefined) return { kind: 'literal', value };
  }
  return { kind: 'expression', text: node.getText(source) };
}

function constantValue(identifier: ts.Identifier, source: ts.SourceFile): string | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (
        ts.isIdentifier(declaration.name) &&
        declaration.name.text === identifier.text &&
        declaration.initializer &&
        ts.isStringLiteral(declaration.initializer)
      )
        return declaration.initializer.text;
    }
  }
  return undefined;
}

function enclosingClass(node: ts.Node): string | undefined {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isClassDeclaration(at)) return at.name?.text;
  }
  return undefined;
}

/** The name of what is called: `alarm` for `alarm(...)` and `alerts.alarm(...)`. */
function calleeName(node: ts.CallExpression): string {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/**
 * When the expression is a parameter of the function it is written in, that function's name and
 * the parameter's position: `alarm(id, spec) { new CloudwatchMetricAlarm(this, id, ...) }`.
 */
function parameterIndex(node: ts.Expression): { name: string; parameter: number } | undefined {
  if (!ts.isIdentifier(node)) return undefined;
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (!ts.isFunctionLike(at)) continue;
    const parameter = at.parameters.findIndex(
      (p) => ts.isIdentifier(p.name) && p.name.text === node.text,
    );
    if (parameter < 0) continue;
    const name = functionName(at);
    return name ? { name, parameter } : undefined;
  }
  return undefined;
}

function functionName(node: ts.SignatureDeclaration): string | undefined {
  if (ts.isConstructorDeclaration(node)) return undefined;
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  // `const alarm = (id, ...) => ...`
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name))
    return parent.name.text;
  return undefined;
}
