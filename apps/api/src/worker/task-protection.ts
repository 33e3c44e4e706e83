import { Logger } from '@nestjs/common';
import { errorMessage } from '../messaging/rabbitmq-connection';

export interface TaskProtectionOptions {
  /** How long one request protects the task; renewed halfway through while still busy. */
  readonly expiresInMinutes: number;
  /** Idle time before protection is dropped: a steady trickle of messages keeps it on. */
  readonly idleDelayMs: number;
  readonly requestTimeoutMs: number;
}

export const DEFAULT_TASK_PROTECTION_OPTIONS: TaskProtectionOptions = {
  expiresInMinutes: 15,
  idleDelayMs: 10_000,
  requestTimeoutMs: 2_000,
};

/**
 * ECS task scale-in protection while the worker holds messages (docs/decisions/0008): when
 * autoscaling removes workers, ECS picks unprotected (idle) tasks, so a message is not cut off
 * halfway. Protection goes on when the first message starts and off once the worker has been idle
 * for `idleDelayMs`. It expires on its own, so a crashed worker never stays protected. Outside ECS
 * (no `ECS_AGENT_URI`) this does nothing; a failed request is only logged: protection is an
 * optimisation, and messages are safe without it (unacknowledged ones are redelivered).
 */
export class TaskProtection {
  private readonly logger = new Logger(TaskProtection.name);
  private active = 0;
  private enabled = false;
  private enabledAt = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Requests go out one after another, in the order the state changed. */
  private requests: Promise<void> = Promise.resolve();

  constructor(
    private readonly agentUri: string | undefined,
    private readonly options: TaskProtectionOptions = DEFAULT_TASK_PROTECTION_OPTIONS,
  ) {}

  /** A message started. */
  begin(): void {
    this.active += 1;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (!this.agentUri) return;
    const renewAfter = this.enabledAt + (this.options.expiresInMinutes * 60_000) / 2;
    if (!this.enabled || Date.now() >= renewAfter) this.request(true);
  }

  /** A message finished (acknowledged, republished or handed back). */
  end(): void {
    this.active = Math.max(0, this.active - 1);
    if (this.active > 0 || !this.enabled || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.active === 0 && this.enabled) this.request(false);
    }, this.options.idleDelayMs);
  }

  /** On shutdown: drop protection now (no point keeping it) and wait for the requests. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.enabled) this.request(false);
    await this.requests;
  }

  private request(enabled: boolean): void {
    this.enabled = enabled;
    if (enabled) this.enabledAt = Date.now();
    this.requests = this.requests.then(() => this.put(enabled));
  }

  private async put(enabled: boolean): Promise<void> {
    const body = enabled
      ? { ProtectionEnabled: true, ExpiresInMinutes: this.options.expiresInMinutes }
      : { ProtectionEnabled: false };
    try {
      const response = await fetch(`${this.agentUri}/task-protection/v1/state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      const text = await response.text();
      // The agent reports some refusals in a 200 body ({ "failure": ... }).
      if (!response.ok || /"(failure|error)"/.test(text)) {
        throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
      }
    } catch (error) {
      // Ask again on the next message rather than trusting a protection that may not exist.
      if (enabled) this.enabledAt = 0;
      this.logger.warn({
        msg: 'could not change ECS task scale-in protection',
        protectionEnabled: enabled,
        reason: errorMessage(error),
      });
    }
  }
}
