import type { ContactNotification, Notifier } from '../notifier';

/**
 * The tests' Notifier (the one substitution the worker tests make; the broker and the database
 * stay real): records every call and fails or holds chosen messages on request.
 */
export class ScriptedNotifier implements Notifier {
  readonly calls: ContactNotification[] = [];
  private readonly failures = new Map<string, number>();
  private readonly holds = new Map<string, Promise<void>>();

  /** The next `times` calls for this message fail (Infinity: every call). */
  failTimes(messageId: string, times: number): void {
    this.failures.set(messageId, times);
  }

  /** Calls for this message wait until the returned function is called. */
  hold(messageId: string): () => void {
    let release = () => undefined as void;
    this.holds.set(
      messageId,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    return () => release();
  }

  callsFor(messageId: string): ContactNotification[] {
    return this.calls.filter((call) => call.messageId === messageId);
  }

  async notify(notification: ContactNotification): Promise<void> {
    this.calls.push(notification);
    await this.holds.get(notification.messageId);
    const failuresLeft = this.failures.get(notification.messageId) ?? 0;
    if (failuresLeft > 0) {
      this.failures.set(notification.messageId, failuresLeft - 1);
      throw new Error(`mail relay unavailable (attempt ${notification.attempt})`);
    }
  }
}
