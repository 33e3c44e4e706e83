import type { Channel } from 'amqplib';

/**
 * A channel opened on first use and kept until it closes (a broker error on it, a lost
 * connection); the next use opens a new one. Concurrent first uses share one opening.
 */
export class CachedChannel<T extends Channel> {
  private channel: T | undefined;
  private opening: Promise<T> | undefined;

  constructor(private readonly open: () => Promise<T>) {}

  async get(): Promise<T> {
    if (this.channel) return this.channel;
    this.opening ??= this.open()
      .then((channel) => {
        channel.once('close', () => {
          if (this.channel === channel) this.channel = undefined;
        });
        this.channel = channel;
        return channel;
      })
      .finally(() => {
        this.opening = undefined;
      });
    return this.opening;
  }

  /** Closes the channel if one is open; the next `get` opens another. */
  async close(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    await channel?.close().catch(() => undefined);
  }
}
