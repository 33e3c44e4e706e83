/**
 * Reads back a value a construct built with `Fn.jsonencode(...)`: the synthesized JSON holds the
 * expression `${jsonencode(<HCL value>)}`. The result is the value as the JSON it encodes would
 * parse, with every Terraform reference kept as its interpolation (`"${var.image_tag}"`), the form
 * a `JSON.stringify`d template used to have, so tests compare values, not spellings.
 *
 * It reads only what CDKTF writes inside jsonencode: objects (`{"k" = v, ...}`), lists, quoted
 * templates, numbers, booleans, null and bare references; anything else is an error naming it.
 */
export function decodeJsonencode(expression: unknown): unknown {
  if (typeof expression !== 'string') {
    throw new Error(`expected a \${jsonencode(...)} string, got ${typeof expression}`);
  }
  const match = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(expression);
  if (!match) throw new Error(`not a \${jsonencode(...)} expression: ${expression.slice(0, 80)}`);
  const reader = new ExpressionReader(match[1] as string);
  const value = reader.value();
  reader.end();
  return value;
}

class ExpressionReader {
  private at = 0;

  constructor(private readonly text: string) {}

  value(): unknown {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === '{') return this.object();
    if (char === '[') return this.list();
    if (char === '"') return this.template();
    return this.bare();
  }

  end(): void {
    this.skipSpace();
    if (this.at !== this.text.length) this.fail('unexpected text after the value');
  }

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.expect('{');
    for (this.skipSpace(); this.text[this.at] !== '}'; this.skipSpace()) {
      this.skipSpace();
      const key = this.text[this.at] === '"' ? this.template() : this.identifier();
      this.skipSpace();
      if (this.text[this.at] === '=' || this.text[this.at] === ':') this.at++;
      else this.fail('expected = after an object key');
      result[key] = this.value();
      this.skipSpace();
      if (this.text[this.at] === ',') this.at++;
    }
    this.at++;
    return result;
  }

  private list(): unknown[] {
    const result: unknown[] = [];
    this.expect('[');
    for (this.skipSpace(); this.text[this.at] !== ']'; this.skipSpace()) {
      result.push(this.value());
      this.skipSpace();
      if (this.text[this.at] === ',') this.at++;
    }
    this.at++;
    return result;
  }

  /** A quoted template: escapes decoded, `${...}` kept verbatim (nested strings included). */
  private template(): string {
    this.expect('"');
    let result = '';
    while (this.at < this.text.length) {
      const char = this.text[this.at] as string;
      if (char === '"') {
        this.at++;
        return result;
      }
      if (char === '\\') {
        result += this.escape();
      } else if (
        (char === '$' || char === '%') &&
        this.text.startsWith(`${char}${char}{`, this.at)
      ) {
        // `$${` and `%%{` are a literal `${` and `%{`.
        result += `${char}{`;
        this.at += 3;
      } else if (char === '$' && this.text[this.at + 1] === '{') {
        result += this.interpolation();
      } else {
        result += char;
        this.at++;
      }
    }
    return this.fail('unterminated string');
  }

  private escape(): string {
    const next = this.text[this.at + 1];
    this.at += 2;
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (next !== undefined && next in simple) return simple[next] as string;
    if (next === 'u') {
      const hex = this.text.slice(this.at, this.at + 4);
      this.at += 4;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    return this.fail(`unknown escape \\${next ?? ''}`);
  }

  /** `${ ... }` up to its matching brace, skipping braces inside nested strings. */
  private interpolation(): string {
    const start = this.at;
    this.at += 2;
    let depth = 1;
    let inString = false;
    while (this.at < this.text.length && depth > 0) {
      const char = this.text[this.at];
      if (inString) {
        if (char === '\\') this.at++;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === '{') depth++;
      else if (char === '}') depth--;
      this.at++;
    }
    if (depth > 0) this.fail('unterminated ${');
    return this.text.slice(start, this.at);
  }

  /** A number, true, false, null, or a reference (kept as its interpolation). */
  private bare(): unknown {
    const start = this.at;
    let depth = 0;
    while (this.at < this.text.length) {
      const char = this.text[this.at] as string;
      if (depth === 0 && /[,}\]\s]/.test(char)) break;
      if (char === '[' || char === '(') depth++;
      if (char === ']' || char === ')') depth--;
      this.at++;
    }
    const word = this.text.slice(start, this.at);
    if (word === '') this.fail('expected a value');
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(word)) return Number(word);
    return `\${${word}}`;
  }

  private identifier(): string {
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.at))?.[0];
    if (!word) this.fail('expected an object key');
    this.at += word.length;
    return word;
  }

  private expect(char: string): void {
    if (this.text[this.at] !== char) this.fail(`expected ${char}`);
    this.at++;
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }

  private fail(message: string): never {
    throw new Error(
      `decodeJsonencode: ${message} at ${this.at}: ${this.text.slice(this.at, this.at + 40)}`,
    );
  }
}
