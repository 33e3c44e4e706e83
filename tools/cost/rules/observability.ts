/** CloudWatch log groups, alarms and dashboards (Container Insights is priced with the cluster). */
import { amount, plural, type StackPricing } from '../stack-pricing';

export const OBSERVABILITY_TYPES = [
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_cloudwatch_dashboard',
] as const;

/** Months of logs kept when a group never expires them: the estimate looks one year ahead. */
const NEVER_EXPIRES_MONTHS = 12;

export function priceObservability(p: StackPricing): void {
  const { assumptions: a } = p;
  const groups = p.resources('aws_cloudwatch_log_group');
  if (groups.length > 0) {
    const addresses = groups.map((r) => r.address);
    const ingest = groups.length * a.logIngestGbPerGroup;
    p.charge({
      category: 'CloudWatch',
      item: 'logs ingested',
      detail: `${plural(groups.length, 'log group')} × ${amount(a.logIngestGbPerGroup)} GB (logIngestGbPerGroup)`,
      quantity: ingest,
      priceKey: 'logs.ingest.gb',
      addresses,
    });
    // At steady state a group holds its retention's worth of logs (uncompressed: the dearer reading).
    const stored = groups.reduce((sum, group) => {
      const days = Number(group.body.retention_in_days ?? 0);
      const months = days > 0 ? Math.min(days / 30.4, NEVER_EXPIRES_MONTHS) : NEVER_EXPIRES_MONTHS;
      return sum + a.logIngestGbPerGroup * months;
    }, 0);
    const retentions = [...new Set(groups.map((g) => Number(g.body.retention_in_days ?? 0)))]
      .map((d) => (d > 0 ? `${d} days` : 'never expires'))
      .join(', ');
    p.charge({
      category: 'CloudWatch',
      item: 'logs stored',
      detail: `${amount(Number(stored.toFixed(2)))} GB at steady state (retention ${retentions})`,
      quantity: stored,
      priceKey: 'logs.storage.gbMonth',
      addresses,
    });
  }

  const alarms = p.resources('aws_cloudwatch_metric_alarm');
  let standard = 0;
  let highResolution = 0;
  for (const alarm of alarms) {
    const queries =
      (alarm.body.metric_query as Array<{ metric?: { period?: number } }> | undefined) ?? [];
    const periods =
      queries.length > 0
        ? queries.filter((q) => q.metric).map((q) => Number(q.metric?.period ?? 60))
        : [Number(alarm.body.period ?? 60)];
    for (const period of periods) {
      if (period < 60) highResolution += 1;
      else standard += 1;
    }
  }
  if (standard > 0) {
    p.charge({
      category: 'CloudWatch',
      item: 'alarms',
      detail: `${plural(alarms.length, 'alarm')} watching ${plural(standard, 'metric')} (a metric-math alarm counts each metric)`,
      quantity: standard,
      priceKey: 'cloudwatch.alarm',
      addresses: alarms.map((r) => r.address),
    });
  }
  if (highResolution > 0) {
    p.charge({
      category: 'CloudWatch',
      item: 'high-resolution alarms',
      detail: `${plural(highResolution, 'metric')} at periods under 60 s`,
      quantity: highResolution,
      priceKey: 'cloudwatch.alarm.highResolution',
      addresses: alarms.map((r) => r.address),
    });
  }

  const dashboards = p.resources('aws_cloudwatch_dashboard');
  if (dashboards.length > 0) {
    p.charge({
      category: 'CloudWatch',
      item: 'dashboards',
      detail: plural(dashboards.length, 'dashboard'),
      quantity: dashboards.length,
      priceKey: 'cloudwatch.dashboard',
      addresses: dashboards.map((r) => r.address),
    });
  }
}
