import type { Metadata } from 'next';
import { LoginForm } from '../../components/login-form';

export const metadata: Metadata = {
  title: 'Sign in',
  description: 'Sign in to manage projects and read messages.',
  robots: { index: false },
};

export default function LoginPage() {
  return (
    <>
      <h1>Sign in</h1>
      <p>
        For the site’s owner: manage projects and read the messages sent through the contact form.
      </p>
      <LoginForm />
    </>
  );
}
