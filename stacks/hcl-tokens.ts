/**
 * The tokens of an HCL expression as CDKTF's renderer writes them, and the spaces `terraform fmt`
 * (hclwrite) puts between them. Shared by the formatter (stacks/format-hcl.ts) and the layout of
 * long arguments (stacks/multiline-argument.ts).
 */

/** One token of an expression; a quoted string (templates and all) is one token. */
export interface Token {
  readonly text: string;
  readonly kind: 'string' | 'word' | 'open' | 'close' | 'symbol';
}

const SYMBOLS = ['...', '=>', '==', '!=', '<=', '>=', '&&', '||', '::'];

export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  for (let at = 0; at < expression.length;) {
    const char = expression[at] as string;
    if (/\s/.test(char)) {
      at++;
    } else if (char === '"') {
      const end = endOfString(expression, at);
      tokens.push({ text: expression.slice(at, end + 1), kind: 'string' });
      at = end + 1;
    } else if (/[A-Za-z0-9_]/.test(char)) {
      // Identifiers may hold dashes (CDKTF's logical ids do); numbers may hold one decimal point.
      const word = /^(\d+(\.\d+)?([eE][-+]?\d+)?|[A-Za-z0-9_][A-Za-z0-9_-]*)/.exec(
        expression.slice(at),
      )![0];
      tokens.push({ text: word, kind: 'word' });
      at += word.length;
    } else {
      const symbol = SYMBOLS.find((candidate) => expression.startsWith(candidate, at)) ?? char;
      const kind = '{[('.includes(symbol) ? 'open' : '}])'.includes(symbol) ? 'close' : 'symbol';
      tokens.push({ text: symbol, kind });
      at += symbol.length;
    }
  }
  return tokens;
}

/** hclwrite's spaceAfterToken, for the tokens CDKTF writes in expressions. */
function spaceBetween(subject: Token, after: Token, before?: Token): boolean {
  if (subject.kind === 'word' && after.text === '(') return false;
  if (subject.text === '::' || after.text === '::') return false;
  if (subject.text === '.' || after.text === '.') return false;
  if (after.text === ',' || after.text === '...') return false;
  if (subject.text === ',') return true;
  if (isIndex(subject, after)) return false;
  if (subject.text === '!') return false;
  if (subject.text === '-') {
    // Negation sticks to its operand; subtraction follows a value.
    return (
      before !== undefined &&
      (before.kind === 'word' || before.kind === 'close' || before.kind === 'string')
    );
  }
  if (subject.text === '{' || after.text === '}')
    return !(subject.text === '{' && after.text === '}');
  if (subject.kind === 'open') return false;
  if (after.kind === 'close') return false;
  return true;
}

/** Whether `after` is the `[` of an index (`list[0]`) rather than a tuple constructor. */
export function isIndex(subject: Token | undefined, after: Token): boolean {
  return (
    after.text === '[' &&
    subject !== undefined &&
    (subject.kind === 'word' || subject.kind === 'close')
  );
}

/** The tokens written as one line, spaced as `terraform fmt` spaces them. */
export function spaceTokens(tokens: readonly Token[]): string {
  let text = tokens[0]?.text ?? '';
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    text += (spaceBetween(tokens[i - 1] as Token, token, tokens[i - 2]) ? ' ' : '') + token.text;
  }
  return text;
}

export const spaceExpression = (expression: string): string => spaceTokens(tokenize(expression));

/** The index of the quote closing the string that opens at `start`, skipping `${...}` inside it. */
export function endOfString(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at++) {
    const char = text[at];
    if (char === '\\') at++;
    else if (char === '"') return at;
    else if ((char === '$' || char === '%') && text.startsWith(`${char}${char}{`, at)) at += 2;
    else if ((char === '$' || char === '%') && text[at + 1] === '{')
      at = endOfTemplate(text, at + 1);
  }
  return text.length;
}

/** The index of the `}` closing the template sequence whose `{` is at `open`. */
export function endOfTemplate(text: string, open: number): number {
  let depth = 0;
  for (let at = open; at < text.length; at++) {
    const char = text[at];
    if (char === '"') at = endOfString(text, at);
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return at;
  }
  return text.length;
}
