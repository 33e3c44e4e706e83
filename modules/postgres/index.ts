export { Postgres, type PostgresProps } from './postgres';
export { postgresMaxConnections } from './max-connections';
