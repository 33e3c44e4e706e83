import type { NextConfig } from 'next';

// Static export for S3 + CloudFront: no server, so no image optimizer, middleware or rewrites.
// With trailingSlash false, /about is exported as about.html; the CloudFront function in the
// edge stack maps extension-less paths onto those files, and every /projects/<slug> onto the one
// project page, projects/view.html.
const config: NextConfig = {
  output: 'export',
  trailingSlash: false,
  images: { unoptimized: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

// `next dev` serves what CloudFront's function would: the one project page for every slug.
// (An exported site has no rewrites; Next ignores them in `next build` with a warning, so they
// are only set for the dev server.)
if (process.env.NODE_ENV === 'development') {
  config.rewrites = () =>
    Promise.resolve([
      { source: '/projects/:slug((?!view$)[a-z0-9-]+)', destination: '/projects/view' },
    ]);
}

export default config;
