/** The review for people: `review.md` (Markdown) and what `make review` prints. */
import { usd } from '../cost/report';
import { KIND_LABEL, type Finding } from './finding';
import type { ReviewJson } from './review-json';

const signed = (value: number) => `${value >= 0 ? '+' : '−'}${usd(Math.abs(value))}`;
/** A table cell: pipes escaped, newlines flattened. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

export function changeTotals(review: ReviewJson) {
  const sum = (key: 'create' | 'update' | 'replace' | 'delete') =>
    review.stacks.reduce((t, s) => t + s.counts[key], 0);
  return {
    create: sum('create'),
    update: sum('update'),
    replace: sum('replace'),
    delete: sum('delete'),
  };
}

/** The one-line verdict `make review` ends with. */
export function verdict(review: ReviewJson): string {
  const t = changeTotals(review);
  const changes = `${t.create} to add, ${t.update} to change, ${t.replace} to replace, ${t.delete} to destroy`;
  const cost = review.cost
    ? `; cost ${usd(review.cost.beforeUsd)} → ${usd(review.cost.afterUsd)} USD/month`
    : '';
  const n = review.findings.length;
  const security =
    n === 0
      ? 'nothing broadens access or weakens protection'
      : `${n} change${n === 1 ? '' : 's'} broaden${n === 1 ? 's' : ''} access or weaken${n === 1 ? 's' : ''} protection${review.acknowledged ? ' (acknowledged)' : ': read them, then ACK=broadening'}`;
  return `review: ${review.environment}: ${changes}${cost}; ${security}`;
}

export function securityTable(findings: readonly Finding[]): string[] {
  if (findings.length === 0)
    return ['Nothing in this change broadens access or weakens protection.'];
  return [
    '| stack | resource | kind | what broadens or weakens |',
    '| --- | --- | --- | --- |',
    ...findings.map(
      (f) =>
        `| ${cell(f.stack)} | ${code(f.address)} | ${KIND_LABEL[f.kind]} | ${cell(f.change)} |`,
    ),
  ];
}

export function costTable(review: ReviewJson, maxLines = 8): string[] {
  if (!review.cost) return [`Cost: not computed (${review.costNote ?? 'no synth to compare'}).`];
  const c = review.cost;
  const rows = [
    '| | before | after | change |',
    '| --- | ---: | ---: | ---: |',
    `| **${cell(c.environment)}** | **${usd(c.beforeUsd)}** | **${usd(c.afterUsd)}** | **${signed(c.afterUsd - c.beforeUsd)}** |`,
    ...c.stacks
      .filter((s) => Math.abs(s.afterUsd - s.beforeUsd) >= 0.005)
      .map(
        (s) =>
          `| ${cell(s.stack)} | ${usd(s.beforeUsd)} | ${usd(s.afterUsd)} | ${signed(s.afterUsd - s.beforeUsd)} |`,
      ),
    ...c.lines
      .slice(0, maxLines)
      .map(
        (l) =>
          `| ${cell(`${l.stack}: ${l.line}`)} | ${usd(l.beforeUsd)} | ${usd(l.afterUsd)} | ${signed(l.afterUsd - l.beforeUsd)} |`,
      ),
  ];
  if (c.lines.length > maxLines)
    rows.push(`| … ${c.lines.length - maxLines} more lines in cost.json | | | |`);
  const unpriced = c.newlyUnpriced.map(
    (u) => `- not priced (new): ${code(`${u.stack} ${u.address}`)}: ${u.reason}`,
  );
  return [...rows, ...(unpriced.length > 0 ? ['', ...unpriced] : [])];
}

export function changesTable(review: ReviewJson): string[] {
  const changed = review.stacks.filter(
    (s) => s.counts.create + s.counts.update + s.counts.replace + s.counts.delete > 0,
  );
  if (changed.length === 0) return ['No resource changes.'];
  const t = changeTotals(review);
  return [
    '| stack | add | change | replace | destroy |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...changed.map(
      (s) =>
        `| ${cell(s.stack)} | ${s.counts.create} | ${s.counts.update} | ${s.counts.replace} | ${s.counts.delete} |`,
    ),
    `| **total** | **${t.create}** | **${t.update}** | **${t.replace}** | **${t.delete}** |`,
  ];
}

/** review.md: the summary a reviewer reads first, then the resources by stack. */
export function reviewMarkdown(review: ReviewJson): string {
  const n = review.findings.length;
  const lines = [
    `# Review of ${review.environment}`,
    '',
    `${review.source.kind === 'plan' ? 'From the saved plan' : 'From two synths'}: ${code(review.source.from)} → ${code(review.source.to)}. ${review.source.note}`,
    '',
    `## Security: ${n === 0 ? 'nothing broadens access' : `${n} change${n === 1 ? '' : 's'} broaden access or weaken protection${review.acknowledged ? ' (acknowledged)' : ''}`}`,
    '',
    ...securityTable(review.findings),
    '',
    '## Cost (USD/month, tools/cost)',
    '',
    ...costTable(review),
    '',
    '## Changes by stack',
    '',
    ...changesTable(review),
    '',
  ];
  for (const stack of review.stacks) {
    const entries = (['create', 'update', 'replace', 'delete'] as const).flatMap((action) =>
      stack.resources[action].map(
        (address) =>
          `- ${action === 'create' ? 'add' : action === 'update' ? 'change' : action === 'delete' ? 'destroy' : 'replace'} ${code(address)}`,
      ),
    );
    if (entries.length === 0) continue;
    lines.push(`### ${stack.stack}`, '', ...entries, '');
  }
  lines.push(
    'Per stack (JSON, HCL, changes, cost, last audit, the stack drawn with the stacks it reads): the folders beside this file; the whole environment drawn: `diagram.svg`.',
    '',
  );
  return lines.join('\n');
}

/** What `make review` prints: the three tables, short. */
export function reviewText(review: ReviewJson): string[] {
  return [
    `review: ${review.environment} from ${review.source.kind === 'plan' ? 'the saved plan' : 'two synths'} (${review.source.from} → ${review.source.to})`,
    ...(review.source.note ? [`review: ${review.source.note}`] : []),
    '',
    ...changesTable(review),
    '',
    ...costTable(review),
    '',
    ...securityTable(review.findings),
    '',
  ];
}
