export { Postgres, type PostgresProps } from './postgres';
export { supportsPerformanceInsights, type RdsEngine } from './performance-insights';
