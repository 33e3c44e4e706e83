import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a real server (PostgreSQL, Redis, RabbitMQ), so a test can
 * take the dependency away and give it back without stopping the shared server: `pause()` drops
 * every open connection and refuses new ones, `hang()` drops them and then accepts new ones but
 * never answers (a peer that is there and silent), `resume()` drops the silent ones and lets new
 * connections through again.
 */
export interface TcpProxy {
  readonly port: number;
  pause(): void;
  hang(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let paused = false;
  let hanging = false;
  const silent = new Set<Socket>();
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server: Server = createServer((client) => {
    track(client);
    if (paused) {
      client.destroy();
      return;
    }
    if (hanging) {
      // Accepted, read and never answered (until `resume()` drops it).
      client.on('error', () => undefined);
      client.resume();
      silent.add(client);
      client.on('close', () => silent.delete(client));
      return;
    }
    const upstream = connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    pause() {
      paused = true;
      for (const socket of sockets) socket.destroy();
    },
    hang() {
      hanging = true;
      for (const socket of sockets) socket.destroy();
    },
    resume() {
      paused = false;
      hanging = false;
      // Connections held silent are dropped, so their clients try again at once.
      for (const socket of silent) socket.destroy();
    },
    async close() {
      paused = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
