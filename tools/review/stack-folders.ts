/**
 * `reports/review/<env>/<stack>/`: what a reviewer opens next, per stack: the synthesized JSON,
 * its HCL rendering (when the synth wrote one), the saved plan (plan input), the changes and
 * findings, the cost before and after, the stack's entry of the last `make audit`, and the stack
 * drawn by tools/diagram (its boxes, and one box per stack it reads through remote state). The
 * whole environment's diagram sits beside review.md.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { Architecture } from '../diagram/architecture';
import type { CostChange } from './cost';
import { writeDiagramFile } from './diagram-file';
import type { StackReview } from './review';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every `*.tf` file under a stack's synth folder (`cdk.tf`, `hcl/cdk.tf`), relative to it. */
export function hclFiles(stackDir: string, prefix = ''): string[] {
  if (!existsSync(stackDir)) return [];
  return readdirSync(stackDir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory() && !entry.name.startsWith('.'))
      return hclFiles(path.join(stackDir, entry.name), path.join(prefix, entry.name));
    return entry.isFile() && entry.name.endsWith('.tf') ? [path.join(prefix, entry.name)] : [];
  });
}

export interface AuditEntry {
  readonly source: string;
  readonly note: string;
  readonly result?: unknown;
}

/**
 * The stack's result in the last `make audit` (checkov on every stack takes minutes on two cores,
 * so the review does not run it again), with how old it is next to the synth reviewed.
 */
export function auditEntry(auditSummary: string, stack: string, synthManifest: string): AuditEntry {
  if (!existsSync(auditSummary))
    return { source: auditSummary, note: 'no audit report: run make audit' };
  const summary = JSON.parse(readFileSync(auditSummary, 'utf8')) as {
    stacks?: Array<{ stack: string }>;
  };
  const result = summary.stacks?.find((s) => s.stack === stack);
  const auditTime = statSync(auditSummary).mtime;
  const stale = existsSync(synthManifest) && statSync(synthManifest).mtime > auditTime;
  return {
    source: auditSummary,
    note: `from the last make audit (${auditTime.toISOString()})${stale ? ', older than the synth reviewed: run make audit to refresh it' : ''}${result ? '' : '; this stack was not in it'}`,
    ...(result ? { result } : {}),
  };
}

export interface StackFolderInput {
  readonly dir: string;
  readonly review: StackReview;
  readonly headStackDir: string;
  readonly planFile?: string;
  /** The stack's view of the environment's architecture (tools/diagram/stack-architecture.ts). */
  readonly diagram?: Architecture;
  readonly cost?: CostChange;
  readonly audit: AuditEntry;
}

export function writeStackFolder(input: StackFolderInput): string[] {
  const { dir, review, headStackDir } = input;
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const put = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    written.push(name);
  };
  const jsonFile = path.join(headStackDir, 'cdk.tf.json');
  if (existsSync(jsonFile)) {
    copyFileSync(jsonFile, path.join(dir, 'cdk.tf.json'));
    written.push('cdk.tf.json');
  }
  for (const file of hclFiles(headStackDir)) {
    const name = file.split(path.sep).join('.'); // hcl/cdk.tf → hcl.cdk.tf: one flat folder
    copyFileSync(path.join(headStackDir, file), path.join(dir, name));
    written.push(name);
  }
  if (input.planFile && existsSync(input.planFile)) {
    copyFileSync(input.planFile, path.join(dir, 'plan.json'));
    written.push('plan.json');
  }
  put('changes.json', json(review));
  if (input.cost) {
    const stack = input.cost.stacks.find((s) => s.stack === review.stack);
    put(
      'cost.json',
      json({
        currency: 'USD',
        period: 'month',
        beforeUsd: stack?.beforeUsd ?? 0,
        afterUsd: stack?.afterUsd ?? 0,
        lines: input.cost.lines.filter((l) => l.stack === review.stack),
        newlyUnpriced: input.cost.newlyUnpriced.filter((u) => u.stack === review.stack),
      }),
    );
  }
  put('audit.json', json(input.audit));
  if (input.diagram) written.push(writeDiagramFile(dir, input.diagram));
  return written;
}
