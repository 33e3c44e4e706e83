import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '../messaging/testing/test-broker';
import { TaskProtection } from './task-protection';

interface AgentRequest {
  method: string;
  url: string;
  contentType: string | undefined;
  body: unknown;
}

/** A stand-in for the ECS agent's endpoint on a local port: records what it is asked. */
async function startAgent(answer: (request: IncomingMessage) => { status: number; body: string }) {
  const requests: AgentRequest[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        contentType: request.headers['content-type'],
        body: JSON.parse(text || 'null'),
      });
      const { status, body } = answer(request);
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}/api/task-id`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ok = () => ({ status: 200, body: '{"protection":{"ProtectionEnabled":true}}' });
const options = { expiresInMinutes: 15, idleDelayMs: 100, requestTimeoutMs: 1_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ECS task scale-in protection', () => {
  it('turns protection on when a message starts and off once idle', async () => {
    const agent = await startAgent(ok);
    try {
      const protection = new TaskProtection(agent.uri, options);
      protection.begin();
      await eventually(
        () => Promise.resolve(agent.requests.length),
        (count) => count === 1,
      );
      expect(agent.requests[0]).toEqual({
        method: 'PUT',
        url: '/api/task-id/task-protection/v1/state',
        contentType: 'application/json',
        body: { ProtectionEnabled: true, ExpiresInMinutes: 15 },
      });
      protection.end();
      await eventually(
        () => Promise.resolve(agent.requests.length),
        (count) => count === 2,
      );
      expect(agent.requests[1]?.body).toEqual({ ProtectionEnabled: false });
      await protection.close();
      expect(agent.requests).toHaveLength(2);
    } finally {
      await agent.close();
    }
  });

  it('asks once for overlapping messages and stays on across short idle gaps', async () => {
    const agent = await startAgent(ok);
    try {
      const protection = new TaskProtection(agent.uri, options);
      protection.begin();
      protection.begin();
      protection.end();
      protection.begin();
      protection.end();
      protection.end();
      await sleep(20);
      // Idle for less than idleDelayMs: still protected, no new request.
      protection.begin();
      await sleep(150);
      expect(agent.requests.map((request) => request.body)).toEqual([
        { ProtectionEnabled: true, ExpiresInMinutes: 15 },
      ]);
      protection.end();
      await protection.close();
      expect(agent.requests.map((request) => request.body)).toEqual([
        { ProtectionEnabled: true, ExpiresInMinutes: 15 },
        { ProtectionEnabled: false },
      ]);
    } finally {
      await agent.close();
    }
  });

  it('only logs when the agent refuses or cannot be reached, and asks again next time', async () => {
    const agent = await startAgent(() => ({
      status: 400,
      body: '{"error":{"Code":"InvalidParameterException"}}',
    }));
    try {
      const protection = new TaskProtection(agent.uri, options);
      protection.begin();
      await eventually(
        () => Promise.resolve(agent.requests.length),
        (count) => count === 1,
      );
      protection.end();
      await sleep(20);
      protection.begin();
      await eventually(
        () => Promise.resolve(agent.requests.length),
        (count) => count >= 2,
      );
      expect(agent.requests[1]?.body).toEqual({ ProtectionEnabled: true, ExpiresInMinutes: 15 });
      protection.end();
      await protection.close();
    } finally {
      await agent.close();
    }
    const unreachable = new TaskProtection('http://127.0.0.1:1/api/task-id', options);
    unreachable.begin();
    unreachable.end();
    await expect(unreachable.close()).resolves.toBeUndefined();
  });

  it('does nothing outside ECS', async () => {
    const protection = new TaskProtection(undefined, options);
    protection.begin();
    protection.end();
    await expect(protection.close()).resolves.toBeUndefined();
  });
});
