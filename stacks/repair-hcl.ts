/**
 * Repairs what CDKTF 0.21's HCL renderer (archived, so never fixed upstream) gets wrong in the
 * stacks we synthesize, on its raw output (one item per line, nothing indented). Each repair keeps
 * the meaning of cdk.tf.json; `terraform validate` on the result is the test (decision 0022).
 *
 * - Attributes the provider bindings leave untyped (WAFv2 `statement`, flagged by the renderer
 *   with a "# Warning: ... unexpected type" comment) come out as an object value, `statement =
 *   { rate_based_statement = { ... } }`, where the provider's schema has nested blocks. They are
 *   rewritten as blocks: an object becomes a block, a list of objects one block per item (an empty
 *   list none, as in the JSON), anything else stays an argument.
 * - References in `depends_on`, `ignore_changes` and `provider` are written as strings
 *   (`"aws_kms_key.key"`), the Terraform 0.11 spelling that `validate` warns about; they lose the
 *   quotes.
 */
export function repairHcl(hcl: string): string {
  return unquoteReferences(blocksForUntypedAttributes(hcl.split('\n'))).join('\n');
}

const UNTYPED_WARNING = '# Warning: The following attribute is of an unexpected type.';

function blocksForUntypedAttributes(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.startsWith(UNTYPED_WARNING)) {
      out.push(line);
      continue;
    }
    // The renderer's comment block, then a blank line, then `<name> = {`.
    while (i < lines.length && (lines[i] as string).startsWith('#')) i++;
    while (i < lines.length && (lines[i] as string).trim() === '') i++;
    const { lines: blocks, next } = asBlocks(lines, i);
    out.push(...blocks);
    i = next - 1;
  }
  return out;
}

/**
 * Rewrites the argument that starts at `start` (`name = {` or `name = [`, or a one-line
 * argument) as blocks; returns the lines and the index after the argument.
 */
function asBlocks(lines: readonly string[], start: number): { lines: string[]; next: number } {
  const line = (lines[start] as string).trim();
  const object = /^([A-Za-z0-9_-]+) = \{$/.exec(line);
  if (object) {
    const name = object[1] as string;
    const { lines: body, next } = blockBody(lines, start + 1);
    return { lines: [`${name} {`, ...body, '}'], next };
  }
  const list = /^([A-Za-z0-9_-]+) = \[$/.exec(line);
  if (list && /^\{$|^\]$/.test((lines[start + 1] ?? '').trim())) {
    const name = list[1] as string;
    const out: string[] = [];
    let at = start + 1;
    while (at < lines.length && (lines[at] as string).trim() !== ']') {
      // Each item is `{`, its attributes, then `}` or `},`.
      const { lines: body, next } = blockBody(lines, at + 1);
      out.push(`${name} {`, ...body, '}');
      at = next;
    }
    return { lines: out, next: at + 1 };
  }
  // A scalar or a list of scalars: an argument of the block, as the renderer wrote it.
  const end = endOfArgument(lines, start);
  return { lines: lines.slice(start, end), next: end };
}

/** The lines of an object's body up to its closing `}` (or `},`), each argument made a block if it is one. */
function blockBody(lines: readonly string[], start: number): { lines: string[]; next: number } {
  const out: string[] = [];
  let at = start;
  while (at < lines.length && !/^\},?$/.test((lines[at] as string).trim())) {
    const { lines: converted, next } = asBlocks(lines, at);
    out.push(...converted);
    at = next;
  }
  return { lines: out, next: at + 1 };
}

/** The index after an argument that may span lines (`x = [` ... `]`). */
function endOfArgument(lines: readonly string[], start: number): number {
  let depth = 0;
  let at = start;
  do {
    const text = (lines[at] as string).replace(/"(?:[^"\\]|\\.)*"/g, '""');
    depth += (text.match(/[[{(]/g) ?? []).length - (text.match(/[\]})]/g) ?? []).length;
    at++;
  } while (depth > 0 && at < lines.length);
  return at;
}

const REFERENCE_LISTS = /^(depends_on|ignore_changes) = \[$/;
const QUOTED_REFERENCE = /^"([A-Za-z_][A-Za-z0-9_.-]*)"(,?)$/;

function unquoteReferences(lines: string[]): string[] {
  let inList = false;
  return lines.map((line) => {
    const text = line.trim();
    if (REFERENCE_LISTS.test(text)) {
      inList = true;
      return line;
    }
    if (inList) {
      if (text === ']') inList = false;
      const quoted = QUOTED_REFERENCE.exec(text);
      return quoted ? `${quoted[1]}${quoted[2]}` : line;
    }
    const provider = /^provider = "([a-z0-9_-]+\.[A-Za-z0-9_-]+)"$/.exec(text);
    return provider ? `provider = ${provider[1]}` : line;
  });
}
