'use client';

import { useState, type FormEvent } from 'react';
import { apiJson } from '../lib/api-client';
import { FormErrors, useFieldErrors } from './form-errors';

const FIELDS = ['name', 'email', 'message'] as const;

/**
 * The contact form. The API validates; its messages appear next to the fields they name, and the
 * focus moves to the first field in error so a keyboard or screen-reader user lands on it.
 */
export function ContactForm() {
  const [state, setState] = useState<'editing' | 'sending'>('editing');
  const [sentId, setSentId] = useState<string | undefined>(undefined);
  const { errors, general, report } = useFieldErrors(FIELDS);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setState('sending');
    try {
      const accepted = await apiJson<{ id: string }>('/contact', {
        method: 'POST',
        body: {
          name: formText(data, 'name'),
          email: formText(data, 'email'),
          message: formText(data, 'message'),
          website: formText(data, 'website'),
        },
      });
      setSentId(accepted.id);
    } catch (error) {
      report(error, form);
      setState('editing');
    }
  }

  if (sentId !== undefined) {
    return (
      <div role="status" className="notice success">
        <h2>Thank you, your message is on its way</h2>
        <p>
          It was received and will be answered by e-mail. Reference: <code>{sentId}</code>
        </p>
      </div>
    );
  }

  const sending = state === 'sending';
  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="form">
      <FormErrors messages={general} />
      <TextField name="name" label="Your name" autoComplete="name" error={errors.name} />
      <TextField
        name="email"
        label="E-mail address"
        type="email"
        autoComplete="email"
        error={errors.email}
      />
      <TextField name="message" label="Message" multiline error={errors.message} />
      {/* A spam trap: hidden from people (and screen readers), filled in by simple bots. */}
      <div className="trap" aria-hidden="true">
        <label htmlFor="website">Leave this empty</label>
        <input id="website" name="website" tabIndex={-1} autoComplete="off" />
      </div>
      <button type="submit" disabled={sending}>
        {sending ? 'Sending…' : 'Send message'}
      </button>
    </form>
  );
}

/** A text field's value; a file input (never in these forms) reads as empty. */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

export function TextField({
  name,
  label,
  error,
  type = 'text',
  autoComplete,
  multiline = false,
  defaultValue,
  hint,
}: {
  readonly name: string;
  readonly label: string;
  readonly error?: string;
  readonly type?: 'text' | 'email' | 'password' | 'url';
  readonly autoComplete?: string;
  readonly multiline?: boolean;
  readonly defaultValue?: string;
  readonly hint?: string;
}) {
  const describedBy =
    [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') ||
    undefined;
  const common = {
    id: name,
    name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    defaultValue,
  };
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p id={`${name}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {multiline ? (
        <textarea rows={6} {...common} />
      ) : (
        <input type={type} autoComplete={autoComplete} {...common} />
      )}
      {error ? (
        <p id={`${name}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
