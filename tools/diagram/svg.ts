/**
 * SVG through Graphviz's `dot` (Debian's graphviz; scripts/graphviz.sh installs it). The SVG
 * carries the SHA-256 of the DOT it was drawn from, so a test can tell whether a committed SVG
 * still matches the synth without depending on the exact bytes a Graphviz version writes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';

const MARK = 'skyport-diagram source sha256:';

export function sourceHash(dot: string): string {
  return createHash('sha256').update(dot).digest('hex');
}

/** The DOT source hash a generated SVG carries, if any. */
export function svgSourceHash(svg: string): string | undefined {
  return new RegExp(`${MARK}([0-9a-f]{64})`).exec(svg)?.[1];
}

export class GraphvizMissingError extends Error {}

/** Runs `dot -Tsvg` and stamps the result with the source's hash, before the `<svg>` element. */
export function renderSvg(dot: string, command = 'dot'): string {
  const result = spawnSync(command, ['-Tsvg'], {
    input: dot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new GraphvizMissingError(
      `diagram: '${command}' not found; run scripts/graphviz.sh (apt-get install graphviz libxml2-utils) or make diagram`,
    );
  }
  if (result.status !== 0)
    throw new Error(`diagram: dot failed (exit ${String(result.status)}):\n${result.stderr}`);
  const svg = result.stdout;
  const at = svg.indexOf('<svg');
  if (at < 0) throw new Error('diagram: dot wrote no <svg> element');
  return `${svg.slice(0, at)}<!-- ${MARK}${sourceHash(dot)}; regenerate with make diagram -->\n${svg.slice(at)}`;
}
