'use client';

import { useState, type FormEvent } from 'react';
import { apiJson } from '../lib/api-client';
import { ApiError } from '../lib/api-error';
import { formText, TextField } from './contact-form';

const FIELDS = ['email', 'password'] as const;

/**
 * Signs in with the refresh token delivered as an HttpOnly cookie, then opens the dashboard, whose
 * session trades that cookie for an access token held in memory.
 */
export function LoginForm() {
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setSending(true);
    try {
      await apiJson('/auth/login', {
        method: 'POST',
        body: {
          email: formText(data, 'email'),
          password: formText(data, 'password'),
          refreshTokenDelivery: 'cookie',
        },
        withCredentials: true,
      });
      window.location.assign('/dashboard');
    } catch (error) {
      const failure =
        error instanceof ApiError ? error : new ApiError(0, [(error as Error).message]);
      const sorted = failure.byField(FIELDS);
      setErrors(sorted.fields);
      setGeneral(sorted.general);
      setSending(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="form">
      {general.length > 0 ? (
        <div role="alert" className="notice error">
          {general.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
      <TextField
        name="email"
        label="E-mail address"
        type="email"
        autoComplete="username"
        error={errors.email}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errors.password}
      />
      <button type="submit" disabled={sending}>
        {sending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
