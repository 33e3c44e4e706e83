/**
 * Configuration, read once at start-up from the environment. A missing or malformed variable
 * stops the process with a message that names it and says what a valid value looks like.
 */
export interface ApiConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
}

export interface DatabaseConfig {
  /** postgresql://user:password@host:port/database */
  readonly url: string;
  /** TLS to the server: `disable` locally, `require` or `verify-full` against RDS (rds.force_ssl). */
  readonly ssl: 'disable' | 'require' | 'verify-full';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const SSL_MODES = ['disable', 'require', 'verify-full'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const problems: string[] = [];
  const port = parsePort(env.PORT, problems);
  const host = env.HOST?.trim() || '0.0.0.0';
  const url = env.DATABASE_URL?.trim();
  if (!url) {
    problems.push(
      'DATABASE_URL is not set: expected postgresql://user:password@host:5432/database',
    );
  } else if (!isPostgresUrl(url)) {
    problems.push('DATABASE_URL is not a postgresql:// URL with a host and a database name');
  }
  const ssl = (env.DATABASE_SSL?.trim() || 'disable') as DatabaseConfig['ssl'];
  if (!SSL_MODES.includes(ssl)) {
    problems.push(`DATABASE_SSL must be one of ${SSL_MODES.join(', ')}, got "${env.DATABASE_SSL}"`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return { port, host, database: { url: url as string, ssl } };
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`PORT must be a whole number from 1 to 65535, got "${raw}"`);
  }
  return port;
}

function isPostgresUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return /^postgres(ql)?:$/.test(url.protocol) && url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}
