'use client';

import { useState, type FormEvent } from 'react';
import { apiJson } from '../lib/api-client';
import { formText, TextField } from './contact-form';
import { FormErrors, useFieldErrors } from './form-errors';

const FIELDS = ['email', 'password'] as const;

/**
 * Signs in with the refresh token delivered as an HttpOnly cookie, then opens the dashboard, whose
 * session trades that cookie for an access token held in memory.
 */
export function LoginForm() {
  const { errors, general, report } = useFieldErrors(FIELDS);
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
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
      report(error, form);
      setSending(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="form">
      <FormErrors messages={general} />
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
