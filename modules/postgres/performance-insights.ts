/** RDS engines whose Performance Insights support this module knows. */
export type RdsEngine = 'postgres' | 'mysql' | 'mariadb';

/**
 * Classes on which RDS refuses Performance Insights, per engine. Only MySQL and MariaDB have
 * restrictions; RDS for PostgreSQL supports it on every class, the burstable micro and small
 * ones included ("Amazon RDS DB engine, Region, and instance class support for Performance
 * Insights", RDS User Guide: "Instance class restrictions: N/A" for PostgreSQL).
 */
const SMALL_BURSTABLE = [
  'db.t2.micro',
  'db.t2.small',
  'db.t3.micro',
  'db.t3.small',
  'db.t4g.micro',
  'db.t4g.small',
];
const WITHOUT_PERFORMANCE_INSIGHTS: Readonly<Record<RdsEngine, readonly string[]>> = {
  postgres: [],
  mysql: SMALL_BURSTABLE,
  mariadb: SMALL_BURSTABLE,
};

/** Whether RDS accepts `performance_insights_enabled = true` for this engine and class. */
export function supportsPerformanceInsights(
  instanceClass: string,
  engine: RdsEngine = 'postgres',
): boolean {
  return !WITHOUT_PERFORMANCE_INSIGHTS[engine].includes(instanceClass);
}
