/**
 * What the API answers when something fails: `{ statusCode, error, message, requestId }`, where a
 * validation failure's `message` is a list of sentences that each start with the field's name
 * ("email must be an e-mail address").
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: readonly string[],
    readonly requestId?: string,
  ) {
    super(messages.join('; ') || `the API answered ${status}`);
    this.name = 'ApiError';
  }

  /** Each field's messages, for the fields a form shows; the rest are `general`. */
  byField<F extends string>(
    fields: readonly F[],
  ): { fields: Partial<Record<F, string>>; general: string[] } {
    return messagesByField(this.messages, fields);
  }
}

/** Sorts validation messages onto the fields they name (the first word), in the order given. */
export function messagesByField<F extends string>(
  messages: readonly string[],
  fields: readonly F[],
): { fields: Partial<Record<F, string>>; general: string[] } {
  const byField: Partial<Record<F, string>> = {};
  const general: string[] = [];
  for (const message of messages) {
    const field = fields.find(
      (name) => message.startsWith(`${name} `) || message.startsWith(`${name}.`),
    );
    if (field === undefined) general.push(message);
    else
      byField[field] = byField[field]
        ? `${byField[field]} ${capitalize(message)}`
        : capitalize(message);
  }
  return { fields: byField, general };
}

function capitalize(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** Reads an error body whatever its shape: the API's JSON, or a proxy's HTML page. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown; requestId?: unknown };
    const messages = Array.isArray(body.message)
      ? body.message.filter((item): item is string => typeof item === 'string')
      : typeof body.message === 'string'
        ? [body.message]
        : [];
    return new ApiError(
      response.status,
      messages,
      typeof body.requestId === 'string' ? body.requestId : undefined,
    );
  } catch {
    return new ApiError(response.status, [statusSentence(response.status)]);
  }
}

/** What a person is told when the answer is not the API's own JSON. */
export function statusSentence(status: number): string {
  if (status === 429) return 'Too many requests; wait a minute and try again.';
  if (status === 502 || status === 503 || status === 504)
    return 'The service is unavailable right now; try again shortly.';
  if (status >= 500) return 'Something went wrong on our side; try again shortly.';
  return `The request failed (${status}).`;
}
