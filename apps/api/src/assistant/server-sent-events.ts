import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A `text/event-stream` response written straight to Node's response, outside Fastify's reply
 * cycle (`reply.hijack()`): Fastify would otherwise buffer or serialize what the handler returns.
 */
export class ServerSentEvents {
  private constructor(private readonly raw: ServerResponse) {}

  /**
   * Hijacks the reply and sends the head. Headers that hooks prepared with `reply.header()` live on
   * the reply until Fastify sends it, which it no longer will: they are copied onto the raw
   * response (helmet and Nest's CORS hook write to it directly already). The request id header,
   * normally added in an onSend hook that a hijacked reply skips, is set here.
   */
  static open(request: FastifyRequest, reply: FastifyReply): ServerSentEvents {
    reply.hijack();
    const raw = reply.raw;
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) raw.setHeader(name, value);
    }
    raw.setHeader('x-request-id', request.id);
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      // nginx and similar proxies buffer responses by default; an answer must arrive as it is written.
      'x-accel-buffering': 'no',
    });
    raw.flushHeaders();
    return new ServerSentEvents(raw);
  }

  /** The client went away or the stream was ended. */
  get closed(): boolean {
    return this.raw.destroyed || this.raw.writableEnded;
  }

  /** Writes one event; waits while the client reads slower than the model writes. */
  async send(event: string, data: unknown): Promise<void> {
    if (this.closed) return;
    // JSON.stringify escapes line breaks, so the data always fits on one `data:` line.
    const flushed = this.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    if (!flushed && !this.closed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.raw.off('drain', done);
          this.raw.off('close', done);
          resolve();
        };
        this.raw.on('drain', done);
        this.raw.on('close', done);
      });
    }
  }

  end(): void {
    if (!this.closed) this.raw.end();
  }
}
