import type { NextConfig } from 'next';

// Static export for S3 + CloudFront: no server, so no image optimizer, middleware or rewrites.
// With trailingSlash false, /about is exported as about.html; the CloudFront function in the
// edge stack maps extension-less paths onto those files.
const config: NextConfig = {
  output: 'export',
  trailingSlash: false,
  images: { unoptimized: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
