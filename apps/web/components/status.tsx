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
