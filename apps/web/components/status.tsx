import type { ReactNode } from 'react';

/** Loading, empty and error states read the same everywhere, and screen readers hear them. */
export function Loading({ label }: { readonly label: string }) {
  return (
    <p role="status" className="status">
      {label}
    </p>
  );
}

export function ErrorNotice({
  children,
  onRetry,
}: {
  readonly children: ReactNode;
  readonly onRetry?: () => void;
}) {
  return (
    <div role="alert" className="notice error">
      <p>{children}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/**
 * What a view shows until its data is there: the loading line, or the error with a retry.
 * Undefined once the data is ready, so the view renders it.
 */
export function NotReady({
  result,
  retry,
  what,
}: {
  readonly result: { readonly state: 'loading' | 'ready' | 'error'; readonly error?: Error };
  readonly retry: () => void;
  readonly what: string;
}) {
  if (result.state === 'loading') return <Loading label={`Loading ${what}…`} />;
  if (result.state === 'error') {
    const capitalized = what.charAt(0).toUpperCase() + what.slice(1);
    return (
      <ErrorNotice onRetry={retry}>
        {capitalized} could not be loaded: {result.error?.message}
      </ErrorNotice>
    );
  }
  return null;
}
