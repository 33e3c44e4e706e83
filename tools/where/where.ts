/**
 * `make where ADDR=...`: the construct path of a Terraform address and, for each of its segments,
 * the file and line that declares it. Returns the lines to print and whether every segment was
 * found as a literal id.
 */
import { fullyLiteral, resolveConstructPath, type SegmentSource } from './construct-path';
import type { SourceIndex } from './id-sites';
import { lookUp, parseAddress, type SynthBlock } from './synth-addresses';

export interface WhereAnswer {
  readonly ok: boolean;
  readonly out: string[];
  readonly errors: string[];
}

export function where(
  blocks: readonly SynthBlock[],
  index: SourceIndex,
  address: string,
  stack?: string,
): WhereAnswer {
  const query = parseAddress(address, stack);
  const lookup = lookUp(blocks, query);
  const where = query.stack ? ` in ${query.stack}` : '';
  if ('ambiguous' in lookup)
    return {
      ok: false,
      out: [],
      errors: [
        `where: ${query.address} is in several stacks (${lookup.ambiguous.map((b) => b.stack).join(', ')}); name one: STACK=${lookup.ambiguous[0]?.stack ?? ''} or ADDR=<stack>/${query.address}`,
      ],
    };
  if ('missing' in lookup)
    return {
      ok: false,
      out: [],
      errors: [
        `where: ${query.address} is not in the synth output${where}${query.stack && !blocks.some((b) => b.stack === query.stack) ? ` (no stack '${query.stack}'; stacks: ${[...new Set(blocks.map((b) => b.stack))].join(', ')})` : ''}; run 'make synth' if the code changed since`,
        ...(lookup.suggestions.length > 0
          ? ['close matches:', ...lookup.suggestions.map((b) => `  ${b.stack}/${b.address}`)]
          : []),
      ],
    };

  const sources = resolveConstructPath(index, lookup.found.constructPath);
  const width = Math.max(...sources.segments.map((s) => s.segment.length), 1);
  const out = [
    `${lookup.found.stack}/${lookup.found.address}`,
    `construct path: ${sources.path}`,
    ...sources.segments.map(
      (s) => `  ${s.segment.padEnd(width)}  ${s.file}:${s.line}  (${s.className})${note(s)}`,
    ),
  ];
  const errors: string[] = [];
  for (const s of sources.segments) {
    if (s.form === 'template')
      errors.push(
        `where: '${s.segment}' is built from the template ${s.text ?? ''} in ${s.file}:${s.line}, so grep cannot find it; write the id as a literal`,
      );
    if (s.form === 'expression')
      errors.push(
        `where: '${s.segment}' is the value of \`${s.text ?? ''}\` in ${s.file}:${s.line}; no call passes it as a literal`,
      );
  }
  if (sources.unresolved)
    errors.push(
      `where: found no code for '${sources.unresolved.segment}': ${sources.unresolved.reason}`,
    );
  return { ok: fullyLiteral(sources), out, errors };
}

function note(source: SegmentSource): string {
  if (source.through === 'layer') return '  the stack <environment>-<layer>: its layer id';
  if (source.through === 'super') return '  its own id, given to its base class';
  if (source.through) return `  passed through ${source.through}()`;
  if (source.form !== 'literal') return `  built: ${source.text ?? ''}`;
  return '';
}
