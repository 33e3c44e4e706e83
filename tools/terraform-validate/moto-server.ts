import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { motoRequest } from './moto-http';

export interface MotoServer {
  /** `https://localhost:<port>`: moto answers every AWS service on this one endpoint. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}`);
    try {
      if ((await motoRequest(endpoint, 'GET', '/moto-api/')).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${seconds} s`);
}

/**
 * Starts moto's server on a free loopback port, over TLS: the stacks' bucket policies deny any
 * request without `aws:SecureTransport`, and moto enforces them (plain HTTP gets 403 on the state
 * bucket). `localhost`, not 127.0.0.1, in the endpoint: moto derives the service from the Host
 * header and handles `localhost` as AWS does.
 */
export async function startMoto(command: string, logFile: string): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `https://localhost:${port}`;
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port), '--ssl'], {
    // AWS-managed IAM policies (e.g. AmazonRDSEnhancedMonitoringRole) exist only when moto loads them.
    env: { ...process.env, MOTO_ACM_VALIDATION_WAIT: '0', MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(new Error(`cannot start ${command} (${error.message}); run \`make toolchain\``)),
    ),
  );
  await Promise.race([waitUntilUp(endpoint, child, 30), spawnFailed]);
  return {
    endpoint,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
