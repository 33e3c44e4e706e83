// Used by apps/api/Dockerfile: downloads the Amazon RDS certificate bundle (every RDS region's
// CAs) that NODE_EXTRA_CA_CERTS points at, so `DATABASE_SSL=verify-full` can verify the server.
//
//   node rds-ca-bundle.mjs <output file> [sha256]
//
// The download is HTTPS from AWS (Node's own CA store verifies the host). The bundle changes when
// AWS adds CAs, so a pinned checksum is optional: when given (build arg RDS_CA_BUNDLE_SHA256) a
// different file fails the build. Either way every block must be a CA certificate issued for
// Amazon RDS, or the build fails.
import { createHash, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const URL = 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';
const [output, expectedSha256 = ''] = process.argv.slice(2);
if (!output) throw new Error('usage: node rds-ca-bundle.mjs <output file> [sha256]');

const response = await fetch(URL, { signal: AbortSignal.timeout(60_000) });
if (!response.ok) throw new Error(`${URL}: HTTP ${response.status}`);
const pem = await response.text();

const sha256 = createHash('sha256').update(pem).digest('hex');
if (expectedSha256 !== '' && sha256 !== expectedSha256.toLowerCase()) {
  throw new Error(`${URL}: sha256 ${sha256}, expected ${expectedSha256}`);
}
const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
if (blocks.length === 0) throw new Error(`${URL}: no certificate in the response`);
for (const block of blocks) {
  const certificate = new X509Certificate(block);
  if (!certificate.ca || !/Amazon RDS/.test(certificate.subject)) {
    throw new Error(`${URL}: unexpected certificate ${certificate.subject.replace(/\n/g, ', ')}`);
  }
}
writeFileSync(output, pem, { mode: 0o644 });
console.log(`${output}: ${blocks.length} Amazon RDS CA certificates, sha256 ${sha256}`);
