import { KIND_LABEL } from '../review/finding';
import type { ReviewJson } from '../review/review-json';
import { cell, code, inline } from './markdown';

/**
 * The review (`make review`, tools/review) in the plan comment: per environment, the cost before
 * and after and the security table of changes that broaden access or weaken protection, cut at
 * `maxRows` rows with a pointer to the full review.md.
 */

const money = (value: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${money(Math.abs(value))}`;

export function reviewLines(reviews: readonly ReviewJson[], where: string, maxRows = 15): string[] {
  if (reviews.length === 0) return [];
  const out = ['### Review: what this change opens up and costs', ''];
  for (const review of reviews) {
    const n = review.findings.length;
    const verdict =
      n === 0
        ? 'nothing broadens access or weakens protection'
        : `**⚠ ${n} change${n === 1 ? '' : 's'} broaden${n === 1 ? 's' : ''} access or weaken${n === 1 ? 's' : ''} protection**${review.acknowledged ? ' (acknowledged with ACK=broadening)' : ': read them before merging'}`;
    const cost = review.cost
      ? `monthly cost ${money(review.cost.beforeUsd)} → ${money(review.cost.afterUsd)} USD (${signed(review.cost.afterUsd - review.cost.beforeUsd)})`
      : `cost not computed (${inline(review.costNote ?? 'no synth to compare')})`;
    const source =
      review.source.kind === 'plan' ? 'from the plan' : 'from two synths, replace inferred';
    out.push(`**${inline(review.environment)}** (${source}): ${cost}; ${verdict}.`, '');
    if (n > 0) {
      out.push(
        '| stack | resource | kind | what broadens or weakens |',
        '| --- | --- | --- | --- |',
      );
      for (const f of review.findings.slice(0, maxRows))
        out.push(
          `| ${cell(f.stack)} | ${code(f.address)} | ${KIND_LABEL[f.kind]} | ${cell(f.change)} |`,
        );
      if (n > maxRows)
        out.push(
          `| … | ${n - maxRows} more | | ${cell(`review/${review.environment}/review.md`)} in ${where} |`,
        );
      out.push('');
    }
  }
  return out;
}
