import { isIndex, spaceTokens, tokenize, type Token } from './hcl-tokens';

/**
 * The widest argument, indentation included, that stays on one line. An ECS task's
 * `container_definitions = jsonencode([...])` is 3,500 to 15,500 characters on one line, the part
 * of the HCL auditors most want to read (decision 0022).
 */
export const ARGUMENT_WIDTH = 120;

/** A tuple `[...]` or object `{...}` constructor, its items split at their commas. */
interface Constructor {
  readonly open: Token;
  readonly items: readonly Part[][];
  readonly close: Token;
}
type Part = Token | Constructor;

const isConstructor = (part: Part): part is Constructor => 'items' in part;

/**
 * Lays out a one-line argument of a block (`name = expression`, spaced as `terraform fmt` spaces
 * it) that is wider than ARGUMENT_WIDTH on several lines, the way the Terraform documentation
 * writes `jsonencode` of container definitions:
 *
 * - an object constructor gets one attribute per line (formatHcl then aligns their `=`);
 * - a tuple gets one item per line, each followed by a comma, when it holds objects or tuples or
 *   does not fit on its line; a short list of scalars (`["node", "dist/main.js"]`) stays on one;
 * - everything else (calls, indexes, `for` expressions, strings) stays as it is.
 *
 * Only whitespace and separators change: the items' commas in an object become the newlines that
 * separate them, and every item of a broken tuple ends with a comma, so the expression's value is
 * the one written on one line. Returns the lines unindented (formatHcl indents them), or the
 * argument alone when it fits or holds no constructor to break.
 */
export function multilineArgument(argument: string, indent: number): string[] {
  if (indent + argument.length <= ARGUMENT_WIDTH) return [argument];
  const lines = layout(parse(tokenize(argument)), indent);
  return lines.length > 1 ? lines : [argument];
}

/** Groups the tokens of constructors; calls keep their tokens with any constructor inside parsed. */
function parse(tokens: readonly Token[]): Part[] {
  let at = 0;
  // The parts up to the closing bracket (or, in a constructor's item, the comma) that ends them.
  const sequence = (inItem: boolean): Part[] => {
    const parts: Part[] = [];
    while (at < tokens.length) {
      const token = tokens[at] as Token;
      if (token.kind === 'close' || (inItem && token.text === ',')) break;
      at++;
      if (token.kind !== 'open') {
        parts.push(token);
      } else if (token.text === '(') {
        parts.push(token, ...sequence(false));
        if (at < tokens.length) parts.push(tokens[at++] as Token);
      } else if (isIndex(tokens[at - 2], token) || tokens[at]?.text === 'for') {
        parts.push(token, ...untilClosed());
      } else {
        const items: Part[][] = [];
        while (at < tokens.length && (tokens[at] as Token).kind !== 'close') {
          const item = sequence(true);
          if (item.length > 0) items.push(item);
          if (tokens[at]?.text === ',') at++;
        }
        parts.push({ open: token, items, close: tokens[at++] ?? { text: '', kind: 'close' } });
      }
    }
    return parts;
  };
  // An index or a `for` expression, kept whole: its tokens up to the bracket that closes it.
  const untilClosed = (): Token[] => {
    const kept: Token[] = [];
    for (let depth = 1; at < tokens.length && depth > 0; at++) {
      const token = tokens[at] as Token;
      depth += token.kind === 'open' ? 1 : token.kind === 'close' ? -1 : 0;
      kept.push(token);
    }
    return kept;
  };
  return sequence(false);
}

function flatten(part: Part): Token[] {
  if (!isConstructor(part)) return [part];
  const inner = part.items.flatMap((item, i) => [
    ...(i > 0 ? [{ text: ',', kind: 'symbol' } as const] : []),
    ...item.flatMap(flatten),
  ]);
  return [part.open, ...inner, part.close];
}

function breaks(constructor: Constructor, line: readonly Token[], indent: number): boolean {
  if (constructor.items.length === 0) return false;
  if (constructor.open.text === '{') return true;
  if (constructor.items.some((item) => item.some(isConstructor))) return true;
  return indent + spaceTokens([...line, ...flatten(constructor)]).length > ARGUMENT_WIDTH;
}

function layout(parts: readonly Part[], indent: number): string[] {
  const lines: string[] = [];
  let line: Token[] = [];
  for (const part of parts) {
    if (!isConstructor(part) || !breaks(part, line, indent)) {
      line.push(...flatten(part));
      continue;
    }
    lines.push(spaceTokens([...line, part.open]));
    for (const item of part.items) {
      const itemLines = layout(item, indent + 2);
      if (part.open.text === '[') itemLines.push(`${itemLines.pop() as string},`);
      lines.push(...itemLines);
    }
    line = [part.close];
  }
  lines.push(spaceTokens(line));
  return lines;
}
