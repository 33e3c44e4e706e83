import { ownerSetupCode } from '../auth/owner-setup-code';
import { TEST_OWNER_EMAIL, type TestApp } from './test-environment';

export interface Reply<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** The JSON error body every failing route answers with. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId: string;
}

export interface CallOptions {
  readonly body?: unknown;
  /** An access token, sent as `Authorization: Bearer`. */
  readonly token?: string;
  /**
   * The client address the app should see: the app trusts one proxy hop, so the last
   * X-Forwarded-For entry is the client, as behind the ALB.
   */
  readonly from?: string;
  /** More request headers (a Cookie, an Origin). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A JSON client for one test app: `call('POST', '/auth/login', { body })`. */
export type Call = <T = ErrorBody>(
  method: string,
  path: string,
  options?: CallOptions,
) => Promise<Reply<T>>;

export function client(url: string): Call {
  return async <T>(method: string, path: string, options: CallOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.from !== undefined) headers['x-forwarded-for'] = options.from;
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? undefined : JSON.parse(text)) as T,
    };
  };
}

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * Registers `email` (with the owner setup code when it is the test owner's address) and signs
 * in; the access token.
 */
export async function signUp(
  api: TestApp,
  email: string,
  options: { from?: string } = {},
): Promise<string> {
  const call = client(api.url);
  const { tokenSecret } = api.environment.config.auth;
  const setupCode = email === TEST_OWNER_EMAIL ? ownerSetupCode(tokenSecret, email) : undefined;
  const registered = await call('POST', '/auth/register', {
    body: { email, password: TEST_PASSWORD, setupCode },
    from: options.from,
  });
  if (registered.status !== 202) {
    throw new Error(`register ${email}: ${registered.status} ${JSON.stringify(registered.body)}`);
  }
  const login = await call<{ accessToken: string }>('POST', '/auth/login', {
    body: { email, password: TEST_PASSWORD },
    from: options.from,
  });
  if (login.status !== 200) throw new Error(`login ${email}: ${login.status}`);
  return login.body.accessToken;
}
