import { HttpException } from '@nestjs/common';

/**
 * What the API answers when Bedrock fails. The body never carries Bedrock's own message: it can
 * name the account, the role or the model ARN. The original error stays in `cause` for the log.
 */
export class BedrockHttpException extends HttpException {
  constructor(
    status: number,
    message: string,
    /** Seconds the client should wait before trying again; sent as Retry-After. */
    readonly retryAfterSeconds: number | undefined,
    /** The Bedrock error name (`ThrottlingException`), for logs and metrics, never for clients. */
    readonly upstreamName: string,
    cause?: unknown,
  ) {
    super({ statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message }, status, {
      cause,
    });
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  429: 'Too Many Requests',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

interface Rule {
  readonly status: number;
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

/**
 * Bedrock's error names (HTTP and in-stream) and what the client of this API can do about them.
 * AccessDenied and ResourceNotFound are 503, not 403/404: the caller did nothing wrong; the
 * deployment lacks model access or names a model that does not exist in the region, which an
 * operator must fix (docs/decisions).
 */
const RULES: Readonly<Record<string, Rule>> = {
  ThrottlingException: {
    status: 429,
    message: 'the assistant is receiving too many requests; try again in a few seconds',
    retryAfterSeconds: 10,
  },
  ServiceQuotaExceededException: {
    status: 429,
    message: 'the assistant has reached its usage quota; try again in a minute',
    retryAfterSeconds: 60,
  },
  ValidationException: {
    status: 400,
    message: 'the language model refused this conversation; shorten it or rephrase it',
  },
  AccessDeniedException: {
    status: 503,
    message: 'the assistant is unavailable: access to the language model is not granted',
  },
  ResourceNotFoundException: {
    status: 503,
    message: 'the assistant is unavailable: the configured language model was not found',
  },
  ModelNotReadyException: {
    status: 503,
    message: 'the language model is starting up; try again shortly',
    retryAfterSeconds: 30,
  },
  ServiceUnavailableException: {
    status: 503,
    message: 'the language model service is unavailable; try again shortly',
    retryAfterSeconds: 30,
  },
  ModelTimeoutException: { status: 504, message: 'the language model took too long to answer' },
  // The SDK's own timeouts: the connection or the stream stayed silent too long.
  TimeoutError: { status: 504, message: 'the language model took too long to answer' },
  IncompleteStreamError: { status: 502, message: "the language model's answer was cut off" },
};

const FALLBACK: Rule = { status: 502, message: 'the language model failed to answer' };

/** Maps any error from a Bedrock call to the HTTP error this API answers with. */
export function toBedrockHttpException(error: unknown): BedrockHttpException {
  if (error instanceof BedrockHttpException) return error;
  const name = errorName(error);
  const rule = (Object.hasOwn(RULES, name) ? RULES[name] : undefined) ?? FALLBACK;
  return new BedrockHttpException(rule.status, rule.message, rule.retryAfterSeconds, name, error);
}

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error) {
    if (typeof error.name === 'string') return error.name;
  }
  return 'UnknownError';
}
