import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Reads the current password of the RDS-managed secret (JSON with `username` and `password`). */
export type SecretPasswordReader = () => Promise<string>;

export function secretsManagerReader(secretArn: string, region?: string): SecretPasswordReader {
  const client = new SecretsManagerClient({
    region: region ?? secretArn.split(':')[3],
    maxAttempts: 3,
  });
  return async () => {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const password = (JSON.parse(SecretString ?? '{}') as { password?: unknown }).password;
    if (typeof password !== 'string' || password === '') {
      throw new Error(`secret ${secretArn} has no "password" field`);
    }
    return password;
  };
}

/**
 * The database password for new pool connections. RDS rotates its managed master secret every
 * 7 days, while ECS injected the password once at task start: when a connection attempt was not
 * followed by a successful connect (the login failed), the next attempt re-reads the secret.
 * Re-reads are spaced by `minRefreshIntervalMs` so an outage does not hammer Secrets Manager.
 */
export class RotatingPassword {
  private current: string;
  private awaitingConnect = false;
  private lastRefresh = 0;

  constructor(
    initial: string,
    private readonly read: SecretPasswordReader,
    private readonly minRefreshIntervalMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {
    this.current = initial;
  }

  /** For pg's `password` option: called before every new connection. */
  readonly password = async (): Promise<string> => {
    const previousFailed = this.awaitingConnect;
    this.awaitingConnect = true;
    if (previousFailed && this.now() - this.lastRefresh >= this.minRefreshIntervalMs) {
      this.lastRefresh = this.now();
      try {
        this.current = await this.read();
      } catch {
        // Keep the last known password; the connection error reaches the caller as usual.
      }
    }
    return this.current;
  };

  /** For the pool's `connect` event: the last login worked. */
  connected(): void {
    this.awaitingConnect = false;
  }
}
