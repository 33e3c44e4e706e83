import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './compiled-process';

/** moto's server: a local AWS on loopback, for the SES tests (installed by `make test`). */
export interface Moto {
  /** `http://127.0.0.1:<port>`: every service on one endpoint. */
  readonly endpoint: string;
  /** moto's view of what it holds (`/moto-api/data.json`), by service. */
  data(service: string): Promise<Record<string, unknown[]>>;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<Moto> {
  const server = process.env.MOTO_SERVER;
  if (!server || !existsSync(server)) {
    throw new Error(
      'MOTO_SERVER is not set to moto_server: run `make test`, or `export MOTO_SERVER=$(scripts/terraform-toolchain.sh moto)`',
    );
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(server, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}`);
    const up = await fetch(`${endpoint}/moto-api/`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline)
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s`);
    await new Promise((done) => setTimeout(done, 200));
  }
  return {
    endpoint,
    async data(service) {
      const all = (await (await fetch(`${endpoint}/moto-api/data.json`)).json()) as Record<
        string,
        Record<string, unknown[]>
      >;
      return all[service] ?? {};
    },
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
