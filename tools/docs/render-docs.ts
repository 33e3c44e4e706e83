import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { architecturesFromSynth } from '../diagram/from-synth';
import { mermaidSection } from '../diagram/mermaid';
import { summarizeStack } from '../synth-summary/summarize-stacks';
import {
  collectVariables,
  replaceSection,
  stacksTable,
  variablesTable,
} from './generated-sections';

/** The documents with generated sections, relative to the repository root. */
export const GENERATED_DOCUMENTS = ['README.md', 'docs/architecture.md'] as const;

/** Reads a synth output folder and returns each generated section's content by name. */
export function sectionsFromSynth(outdir: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const stacks = Object.entries(manifest.stacks).map(([stack, { synthesizedStackPath }]) => ({
    stack,
    json: JSON.parse(readFileSync(path.join(outdir, synthesizedStackPath), 'utf8')) as {
      variable?: Record<string, { description?: string; default?: unknown }>;
    },
  }));
  return new Map([
    ['stacks', stacksTable(stacks.map(({ stack, json }) => summarizeStack(stack, json)))],
    ['variables', variablesTable(collectVariables(stacks))],
    ['diagrams', mermaidSection(architecturesFromSynth(outdir))],
  ]);
}

/** The document with every generated section it holds rewritten. */
export function renderDocument(document: string, sections: ReadonlyMap<string, string>): string {
  let text = document;
  for (const [name, content] of sections) {
    if (text.includes(`<!-- generated:${name} -->`)) text = replaceSection(text, name, content);
  }
  return text;
}

/**
 * Renders `sections` into each of `documents` (paths from the repository root) and returns the
 * ones whose text changed: rewritten, or with `check`, only reported.
 */
export function updateDocuments(
  root: string,
  documents: readonly string[],
  sections: ReadonlyMap<string, string>,
  check: boolean,
): string[] {
  const stale: string[] = [];
  for (const document of documents) {
    const file = path.join(root, document);
    const before = readFileSync(file, 'utf8');
    const after = renderDocument(before, sections);
    if (after === before) continue;
    stale.push(document);
    if (!check) writeFileSync(file, after);
  }
  return stale;
}
