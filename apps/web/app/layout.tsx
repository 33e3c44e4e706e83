import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '../components/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Skyport', template: '%s · Skyport' },
  description: 'A portfolio of shipped work, served from S3 through CloudFront.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { readonly children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <SiteHeader />
        <main id="content">{children}</main>
        <footer className="site-footer">
          <p>
            Built with Skyport: a NestJS API, this static site on S3 and CloudFront, and the
            Terraform that runs them.
          </p>
        </footer>
      </body>
    </html>
  );
}
