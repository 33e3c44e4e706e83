/**
 * A picture in a review folder, drawn by tools/diagram: `diagram.svg` with Graphviz, else its DOT
 * source `diagram.dot`, so a review without Graphviz still carries something to render later.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Architecture } from '../diagram/architecture';
import { toDot } from '../diagram/dot';
import { GraphvizMissingError, renderSvg } from '../diagram/svg';

/** Writes the picture into `dir` and returns the name of the file written. */
export function writeDiagramFile(
  dir: string,
  architecture: Architecture,
): 'diagram.svg' | 'diagram.dot' {
  const dot = toDot(architecture);
  try {
    writeFileSync(path.join(dir, 'diagram.svg'), renderSvg(dot));
    return 'diagram.svg';
  } catch (error) {
    if (!(error instanceof GraphvizMissingError)) throw error;
    writeFileSync(path.join(dir, 'diagram.dot'), dot);
    return 'diagram.dot';
  }
}
