'use client';

import { useCallback, useState } from 'react';
import { ApiError } from '../lib/api-error';

/** The messages no field claims, above the form, announced to screen readers. */
export function FormErrors({ messages }: { readonly messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div role="alert" className="notice error">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

/**
 * A form's error state: `report(error, form)` puts the API's messages next to the fields they
 * name (the rest go above the form) and moves the focus to the first field in error, so a
 * keyboard or screen-reader user lands on it.
 */
export function useFieldErrors<F extends string>(fields: readonly F[]) {
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [general, setGeneral] = useState<readonly string[]>([]);
  const report = useCallback(
    (error: unknown, form: HTMLFormElement) => {
      const failure =
        error instanceof ApiError ? error : new ApiError(0, [(error as Error).message]);
      const sorted = failure.byField(fields);
      setErrors(sorted.fields);
      setGeneral(sorted.general);
      const first = fields.find((field) => sorted.fields[field]);
      if (first) (form.elements.namedItem(first) as HTMLElement | null)?.focus();
    },
    [fields],
  );
  return { errors, general, report };
}
