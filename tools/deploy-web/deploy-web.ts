import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { planSync, readExport } from './sync-plan';

export interface DeployWebOptions {
  /** The export folder (apps/web/out). */
  readonly dir: string;
  readonly bucket: string;
  readonly distributionId: string;
  readonly region: string;
  /** Another AWS endpoint (moto in tests); none in real use. */
  readonly endpoint?: string;
  readonly log?: (line: string) => void;
}

export interface DeployWebResult {
  readonly uploaded: number;
  readonly unchanged: number;
  readonly deleted: number;
  readonly invalidationId: string | undefined;
}

/**
 * Puts a static export in the site bucket and makes CloudFront serve it: uploads what changed
 * (hashed assets, then other files, then pages), deletes what the build no longer has, then
 * invalidates every path. Pages are served fresh at once; hashed assets stay cached for a year.
 */
export async function deployWeb(options: DeployWebOptions): Promise<DeployWebResult> {
  const log = options.log ?? (() => undefined);
  const endpoint = options.endpoint ? { endpoint: options.endpoint } : {};
  const s3 = new S3Client({
    region: options.region,
    forcePathStyle: Boolean(options.endpoint),
    ...endpoint,
  });
  // CloudFront is a global service with its API in us-east-1.
  const cloudfront = new CloudFrontClient({ region: 'us-east-1', ...endpoint });
  try {
    const local = readExport(options.dir);
    if (!local.some((file) => file.key === 'index.html')) {
      throw new Error(
        `${options.dir} has no index.html: build the site first (npm run build -w @skyport/web)`,
      );
    }
    const remote = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: options.bucket, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? [])
        if (object.Key && object.ETag) remote.set(object.Key, object.ETag);
      token = page.NextContinuationToken;
    } while (token);

    const plan = planSync(local, remote);
    log(
      `deploy-web: ${local.length} files in ${options.dir}: ${plan.uploads.length} to upload, ${plan.unchanged} unchanged, ${plan.deletions.length} to delete from s3://${options.bucket}`,
    );
    for (const file of plan.uploads) {
      await s3.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: file.key,
          Body: readFileSync(file.path),
          ContentType: file.contentType,
          CacheControl: file.cacheControl,
        }),
      );
    }
    for (let i = 0; i < plan.deletions.length; i += 1000) {
      await s3.send(
        new DeleteObjectsCommand({
          Bucket: options.bucket,
          Delete: {
            Objects: plan.deletions.slice(i, i + 1000).map((Key) => ({ Key })),
            Quiet: true,
          },
        }),
      );
    }
    const changedSomething = plan.uploads.length + plan.deletions.length > 0;
    let invalidationId: string | undefined;
    if (changedSomething) {
      const invalidation = await cloudfront.send(
        new CreateInvalidationCommand({
          DistributionId: options.distributionId,
          InvalidationBatch: {
            CallerReference: `skyport-${Date.now()}`,
            Paths: { Quantity: 1, Items: ['/*'] },
          },
        }),
      );
      invalidationId = invalidation.Invalidation?.Id;
      log(
        `deploy-web: CloudFront invalidation ${invalidationId ?? '(no id)'} of /* on ${options.distributionId} (a few minutes to reach every edge)`,
      );
    }
    return {
      uploaded: plan.uploads.length,
      unchanged: plan.unchanged,
      deleted: plan.deletions.length,
      invalidationId,
    };
  } finally {
    s3.destroy();
    cloudfront.destroy();
  }
}
