'use client';

import { useCallback, useEffect, useState } from 'react';
import { apiJson } from './api-client';
import { ApiError } from './api-error';

export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly data: T }
  | { readonly state: 'error'; readonly error: ApiError };

/** GETs `path` (null: nothing yet) and re-fetches on `retry()`; aborts when the path changes. */
export function useApi<T>(path: string | null): { result: Loadable<T>; retry: () => void } {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setResult({ state: 'loading' });
    apiJson<T>(path, { signal: controller.signal }).then(
      (data) => setResult({ state: 'ready', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult({
          state: 'error',
          error: error instanceof ApiError ? error : new ApiError(0, [(error as Error).message]),
        });
      },
    );
    return () => controller.abort();
  }, [path, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { result, retry };
}
