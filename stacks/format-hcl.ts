import { endOfString, endOfTemplate, spaceExpression } from './hcl-tokens';
import { multilineArgument } from './multiline-argument';

/**
 * Lays out the HCL that CDKTF's renderer writes (one attribute or bracket per line, nothing
 * indented) the way `terraform fmt` does, so the rendering in cdktf.out passes `terraform fmt
 * -check` without needing a terraform binary at synth time (decision 0022):
 *
 * - two spaces per open bracket, counted as hclwrite counts them (a line opening several brackets
 *   indents the next lines once; a line closing them dedents as far as they were opened);
 * - the `=` of consecutive one-line attributes aligned one space after the longest name;
 * - an attribute of a block whose whole value is one interpolation, `"${expr}"`, written `expr`,
 *   spaced as hclwrite spaces tokens (`{ a = b }`, `[for k, v in m : v.x]`, `f(a, b)`), and
 *   spread over several lines when it is too wide to read (stacks/multiline-argument.ts; fmt
 *   leaves line breaks where they are, so this is a choice of ours that fmt accepts).
 *
 * It understands the renderer's output, not every HCL file: the test runs `terraform fmt -check`
 * on what it produces for every stack.
 */
export function formatHcl(hcl: string): string {
  // Expressions first, since a long one becomes several lines; then indent and align them all.
  const unwrapped = logicalLines(hcl.split('\n'));
  indent(unwrapped);
  unwrapInterpolations(unwrapped);
  const lines = logicalLines(
    unwrapped
      .map((line) => line.body + line.continuation)
      .join('\n')
      .split('\n'),
  );
  indent(lines);
  alignAssignments(lines);
  const text = lines
    .map((line) =>
      line.body === '' ? '' : ' '.repeat(line.indent) + line.body + line.continuation,
    )
    .join('\n')
    .replace(/\n+$/, '');
  return `${text}\n`;
}

interface Line {
  /** The line without its leading spaces (a heredoc's first line only). */
  body: string;
  /** A heredoc's remaining lines, kept byte for byte (terraform fmt does not touch them). */
  readonly continuation: string;
  indent: number;
  /** Net brackets opened by the line (negative when it closes more than it opens). */
  readonly net: number;
  /** Where the attribute's `=` is, when the line is a one-line attribute. */
  assignAt?: number;
  /** Whether the line sits directly in a block's body (not inside a value such as a map or list). */
  readonly inBody: boolean;
}

interface Scan {
  /** Net brackets across the line, up to a heredoc opener. */
  readonly net: number;
  /** The first `=` that is not the line's first character, outside strings. */
  readonly equals?: number;
  /**
   * Net brackets from that `=` to the end of the line (hclwrite's test for a one-line value; it
   * counts through strings, whose `${` and `}` balance, so `x = f("a")` is one).
   */
  readonly netAfterEquals: number;
  /** The heredoc marker the line opens, if any. */
  readonly heredoc?: string;
  /** Every bracket the line opens or closes, in order (to tell block bodies from values). */
  readonly brackets: string;
}

/** Joins each heredoc to the line that opens it, and scans every line. */
function logicalLines(physical: readonly string[]): Line[] {
  const lines: Line[] = [];
  // What each open bracket is: a block body ('b') or part of a value ('v').
  const stack: ('b' | 'v')[] = [];
  for (let i = 0; i < physical.length; i++) {
    const body = (physical[i] as string).trim();
    const scan = scanLine(body);
    let continuation = '';
    if (scan.heredoc) {
      const marker = scan.heredoc;
      while (i + 1 < physical.length) {
        const next = physical[++i] as string;
        continuation += `\n${next}`;
        if (next.trim() === marker) break;
      }
    }
    const inBody = stack.length === 0 || stack[stack.length - 1] === 'b';
    lines.push({
      body,
      continuation,
      indent: 0,
      net: scan.net,
      assignAt:
        scan.equals !== undefined && scan.netAfterEquals === 0 && body !== ''
          ? scan.equals
          : undefined,
      inBody,
    });
    // A `{` ending a line of a body with no `=` before it opens a nested block; a `{` inside a
    // value (an object in a list) is part of that value.
    const opensBlock = inBody && scan.equals === undefined && /\{$/.test(body);
    for (const bracket of scan.brackets) {
      if ('{[('.includes(bracket)) stack.push(opensBlock && bracket === '{' ? 'b' : 'v');
      else stack.pop();
    }
  }
  return lines;
}

function scanLine(text: string): Scan {
  let net = 0;
  let equals: number | undefined;
  let netAfterEquals = 0;
  let countingAfterEquals = false;
  let brackets = '';
  for (let at = 0; at < text.length; at++) {
    const char = text[at] as string;
    if (char === '"') {
      at = endOfString(text, at);
      continue;
    }
    if (char === '#' || (char === '/' && text[at + 1] === '/')) break;
    const heredoc =
      char === '<' && text[at + 1] === '<' && /^<<-?([A-Za-z_]\w*)$/.exec(text.slice(at));
    if (heredoc) return { net, equals, netAfterEquals, heredoc: heredoc[1], brackets };
    const change = '{[('.includes(char) ? 1 : '}])'.includes(char) ? -1 : 0;
    if (change !== 0) {
      net += change;
      brackets += char;
      if (countingAfterEquals) netAfterEquals += change;
    }
    if (
      char === '=' &&
      equals === undefined &&
      at > 0 &&
      text[at + 1] !== '=' &&
      !'=!<>'.includes(text[at - 1] as string)
    ) {
      equals = at;
      countingAfterEquals = true;
    }
  }
  return { net, equals, netAfterEquals, brackets };
}

/** hclwrite's formatIndent: a stack of how many brackets each indenting line opened. */
function indent(lines: Line[]): void {
  const opened: number[] = [];
  for (const line of lines) {
    if (line.body === '') continue;
    if (line.net < 0) {
      let closed = 0;
      while (closed < -line.net && opened.length > 0) closed += opened.pop() as number;
    }
    line.indent = 2 * opened.length;
    if (line.net > 0) opened.push(line.net);
  }
}

/**
 * terraform fmt writes `x = expr` for `x = "${expr}"` in a block (not inside a value); a wide
 * `expr` goes on several lines (joined by newlines in the body, split again before indenting).
 */
function unwrapInterpolations(lines: Line[]): void {
  for (const line of lines) {
    if (line.assignAt === undefined || !line.inBody || line.continuation !== '') continue;
    const value = line.body.slice(line.assignAt + 1).trim();
    if (!value.startsWith('"${')) continue;
    const close = endOfTemplate(value, 2);
    if (close !== value.length - 2 || value[value.length - 1] !== '"') continue;
    const inner = value.slice(3, close).trim();
    if (inner === '' || inner.includes('\n')) continue;
    const argument = `${line.body.slice(0, line.assignAt).trimEnd()} = ${spaceExpression(inner)}`;
    line.body = multilineArgument(argument, line.indent).join('\n');
  }
}

/** hclwrite's formatCells: consecutive one-line attributes share the column of their `=`. */
function alignAssignments(lines: Line[]): void {
  let chain: Line[] = [];
  const close = () => {
    const width = Math.max(...chain.map((line) => nameOf(line).length));
    for (const line of chain) {
      const name = nameOf(line);
      line.body = `${name}${' '.repeat(width - name.length + 1)}${line.body.slice(line.assignAt)}`;
      line.assignAt = width + 1;
    }
    chain = [];
  };
  for (const line of lines) {
    if (line.assignAt === undefined) {
      if (chain.length > 0) close();
    } else {
      chain.push(line);
    }
  }
  if (chain.length > 0) close();
}

const nameOf = (line: Line): string => line.body.slice(0, line.assignAt).trimEnd();
