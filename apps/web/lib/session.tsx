'use client';

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { apiFetch, apiJson, type RequestOptions } from './api-client';
import { ApiError } from './api-error';

/**
 * The signed-in session of the owner's pages. The access token lives only in this component's
 * memory (never localStorage, never a readable cookie); the refresh token is an HttpOnly cookie
 * the API sets for /auth only. On load the session asks /auth/refresh for a new access token (so a
 * reload keeps you signed in), renews it a minute before it expires, and once more after a 401.
 */
export interface Profile {
  readonly id: string;
  readonly email: string;
  readonly role: 'owner' | 'member';
}

interface Tokens {
  readonly accessToken: string;
  readonly expiresIn: number;
}

type SessionState =
  | { readonly state: 'checking' }
  | { readonly state: 'signed-out'; readonly reason?: string }
  | { readonly state: 'signed-in'; readonly profile: Profile };

interface Session {
  readonly session: SessionState;
  /** An API call with the access token; renews it once on a 401. */
  readonly call: <T>(path: string, options?: RequestOptions) => Promise<T>;
  readonly signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside <SessionProvider>');
  return session;
}

/** Exchanges the refresh cookie for an access token; undefined when there is no valid session. */
async function refreshFromCookie(): Promise<Tokens | undefined> {
  try {
    return await apiJson<Tokens>('/auth/refresh', {
      method: 'POST',
      body: {},
      withCredentials: true,
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
}

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ state: 'checking' });
  const token = useRef<string | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // One refresh at a time: the refresh token is single use, and a second use ends every session.
  const refreshing = useRef<Promise<boolean> | undefined>(undefined);

  const renew = useCallback((): Promise<boolean> => {
    refreshing.current ??= refreshFromCookie()
      .then((tokens) => {
        clearTimeout(timer.current);
        if (!tokens) {
          token.current = undefined;
          return false;
        }
        token.current = tokens.accessToken;
        timer.current = setTimeout(() => void renew(), Math.max(10, tokens.expiresIn - 60) * 1000);
        return true;
      })
      .finally(() => {
        refreshing.current = undefined;
      });
    return refreshing.current;
  }, []);

  useEffect(() => {
    let cancelled = false;
    renew()
      .then(async (ok) => {
        if (!ok) return setSession({ state: 'signed-out' });
        const profile = await apiJson<Profile>('/auth/me', { accessToken: token.current });
        if (!cancelled) setSession({ state: 'signed-in', profile });
      })
      .catch((error: unknown) => {
        if (!cancelled) setSession({ state: 'signed-out', reason: (error as Error).message });
      });
    return () => {
      cancelled = true;
      clearTimeout(timer.current);
    };
  }, [renew]);

  const call = useCallback(
    async <T,>(path: string, options: RequestOptions = {}): Promise<T> => {
      try {
        return await apiJson<T>(path, { ...options, accessToken: token.current });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) throw error;
        if (!(await renew())) {
          setSession({ state: 'signed-out', reason: 'Your session has ended; sign in again.' });
          throw error;
        }
        return apiJson<T>(path, { ...options, accessToken: token.current });
      }
    },
    [renew],
  );

  const signOut = useCallback(async () => {
    clearTimeout(timer.current);
    try {
      await apiFetch('/auth/logout', {
        method: 'POST',
        body: {},
        accessToken: token.current,
        withCredentials: true,
      });
    } finally {
      token.current = undefined;
      setSession({ state: 'signed-out', reason: 'You are signed out.' });
    }
  }, []);

  const value = useMemo(() => ({ session, call, signOut }), [session, call, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
