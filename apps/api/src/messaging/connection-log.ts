import type { Logger } from '@nestjs/common';
import type { RabbitMqConfig } from '../config/config';

/** Why a connection attempt failed, in words, and the variable an operator would change. */
export interface ConnectionDiagnosis {
  readonly reason: string;
  readonly fix: string;
}

/**
 * Reads an error from amqplib or the socket below it (a refused password, a host that does not
 * resolve, nothing listening, a broker that never answers, TLS on a plain port) and names the
 * setting to look at. The password is never part of it.
 */
export function diagnoseConnectionError(
  error: unknown,
  config: RabbitMqConfig,
): ConnectionDiagnosis {
  const rawCode = (error as { code?: unknown } | undefined)?.code;
  const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : '';
  const message = error instanceof Error ? error.message : String(error);
  const where = `${config.host}:${config.port}`;
  if (/ACCESS[_-]REFUSED|\b403\b/.test(message) || code === '403') {
    return {
      reason: `RabbitMQ at ${where} refused the user name or password`,
      fix: `check RABBITMQ_USER (${config.user}) and RABBITMQ_PASSWORD`,
    };
  }
  if (/NOT[_-]ALLOWED|\b530\b/.test(message) || code === '530') {
    return {
      reason: `RabbitMQ at ${where} refused virtual host / to this user`,
      fix: `grant RABBITMQ_USER (${config.user}) access to the virtual host /`,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return {
      reason: `the host name ${config.host} does not resolve`,
      fix: 'check RABBITMQ_HOST',
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      reason: `nothing accepts connections at ${where}`,
      fix: 'check RABBITMQ_HOST and RABBITMQ_PORT, or start the broker',
    };
  }
  if (
    /ETIMEDOUT|timeout/i.test(message) ||
    ['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)
  ) {
    return {
      reason: `no AMQP answer from ${where}`,
      fix: `check RABBITMQ_HOST, RABBITMQ_PORT and RABBITMQ_TLS (${
        config.tls ? 'TLS is on: port 5671' : 'TLS is off: port 5672'
      })`,
    };
  }
  if (/SSL|TLS|EPROTO|wrong version|ECONNRESET|socket hang up|closed/i.test(`${code} ${message}`)) {
    return {
      reason: `the connection to ${where} broke during the handshake (${message})`,
      fix: `check RABBITMQ_TLS (now ${config.tls ? 'on' : 'off'}) and RABBITMQ_PORT`,
    };
  }
  return {
    reason: `cannot connect to ${where}: ${message}`,
    fix: 'check RABBITMQ_HOST, RABBITMQ_PORT, RABBITMQ_TLS, RABBITMQ_USER and RABBITMQ_PASSWORD',
  };
}

/**
 * The connection's story in few lines: one warning when attempts start failing (and again only
 * when the reason changes), naming the variable to fix; one line when connected. A broker that
 * stays away does not fill the log with a line, let alone a stack trace, every few seconds.
 */
export class ConnectionLog {
  private lastReason: string | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly config: RabbitMqConfig,
  ) {}

  failed(error: unknown): void {
    const diagnosis = diagnoseConnectionError(error, this.config);
    if (diagnosis.reason === this.lastReason) {
      this.logger.debug({ msg: 'connection attempt failed again', reason: diagnosis.reason });
      return;
    }
    this.lastReason = diagnosis.reason;
    this.logger.warn({
      msg: `cannot connect to RabbitMQ: ${diagnosis.reason}; ${diagnosis.fix} (retrying in the background)`,
    });
  }

  lost(error: unknown): void {
    this.lastReason = undefined;
    const reason = error instanceof Error ? error.message : 'closed';
    this.logger.warn({ msg: 'connection to RabbitMQ lost; reconnecting', reason });
  }

  connected(serverVersion: unknown): void {
    this.lastReason = undefined;
    this.logger.log({ msg: 'connected', server: serverVersion });
  }
}
