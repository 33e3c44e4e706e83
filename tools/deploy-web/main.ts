/**
 * `make deploy-web ENV=<env>` (tsx tools/deploy-web/main.ts <env>): uploads apps/web/out to the
 * environment's site bucket and invalidates its CloudFront distribution. The bucket and the
 * distribution come from the `<env>-edge` stack's outputs (`terraform output` in its working
 * folder .skyport/terraform/<env>-edge, where make deploy applied it), or from SITE_BUCKET and
 * DISTRIBUTION_ID; AWS credentials as usual.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deployWeb } from './deploy-web';

const root = path.join(__dirname, '..', '..');
const env = process.argv[2] ?? '';
if (!/^[a-z][a-z0-9-]*$/.test(env)) {
  console.error('deploy-web: name the environment: make deploy-web ENV=dev');
  process.exit(2);
}
const stackJson = path.join(root, 'cdktf.out', 'stacks', `${env}-edge`, 'cdk.tf.json');
const stackDir = path.join(root, '.skyport', 'terraform', `${env}-edge`);
if (!existsSync(stackJson)) {
  console.error(
    `deploy-web: ${path.relative(root, stackJson)} is missing: run 'make synth' (an unknown ENV lists the valid ones there)`,
  );
  process.exit(2);
}
const providers = (
  JSON.parse(readFileSync(stackJson, 'utf8')) as {
    provider: { aws: Array<{ alias?: string; region: string }> };
  }
).provider.aws;
const region =
  process.env.AWS_REGION ??
  providers.find((provider) => provider.alias === undefined)?.region ??
  'us-east-1';

function outputs(): { site_bucket?: { value: string }; distribution_id?: { value: string } } {
  try {
    return JSON.parse(
      execFileSync('terraform', [`-chdir=${stackDir}`, 'output', '-json'], { encoding: 'utf8' }),
    ) as ReturnType<typeof outputs>;
  } catch {
    console.error(
      `deploy-web: could not read the outputs of ${env}-edge (terraform -chdir=${path.relative(root, stackDir)} output -json): ` +
        'apply that stack first, or set SITE_BUCKET and DISTRIBUTION_ID',
    );
    process.exit(1);
  }
}
const known = process.env.SITE_BUCKET && process.env.DISTRIBUTION_ID ? undefined : outputs();
const bucket = process.env.SITE_BUCKET ?? known?.site_bucket?.value;
const distributionId = process.env.DISTRIBUTION_ID ?? known?.distribution_id?.value;
if (!bucket || !distributionId) {
  console.error(
    `deploy-web: ${env}-edge has no site_bucket or distribution_id output; set SITE_BUCKET and DISTRIBUTION_ID`,
  );
  process.exit(1);
}

deployWeb({
  dir: path.join(root, 'apps', 'web', 'out'),
  bucket,
  distributionId,
  region,
  log: (line) => console.log(line),
}).then(
  (result) =>
    console.log(
      `deploy-web: done: ${result.uploaded} uploaded, ${result.unchanged} unchanged, ${result.deleted} deleted` +
        (result.invalidationId
          ? `, invalidation ${result.invalidationId}`
          : ', nothing changed so nothing invalidated'),
    ),
  (error: unknown) => {
    console.error(`deploy-web: failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
