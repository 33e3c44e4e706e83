import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <a href="/">Back to the home page</a> or{' '}
        <a href="/projects">see every project</a>.
      </p>
    </>
  );
}
