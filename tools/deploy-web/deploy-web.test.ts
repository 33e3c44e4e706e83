import { spawn, type ChildProcess } from 'node:child_process';
import {
  CloudFrontClient,
  CreateDistributionCommand,
  ListInvalidationsCommand,
} from '@aws-sdk/client-cloudfront';
import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deployWeb } from './deploy-web';
import { cacheControl, contentType, IMMUTABLE, planSync, REVALIDATE } from './sync-plan';

describe('the sync plan', () => {
  const file = (key: string, md5 = 'a') => ({
    key,
    path: key,
    md5,
    contentType: contentType(key),
    cacheControl: cacheControl(key),
  });

  it('caches hashed assets for a year, pages and payloads not at all, anything else for an hour', () => {
    expect(cacheControl('_next/static/chunks/2qdqt4av_dfqq.js')).toBe(IMMUTABLE);
    expect(cacheControl('projects/view.html')).toBe(REVALIDATE);
    expect(cacheControl('index.txt')).toBe(REVALIDATE);
    expect(cacheControl('favicon.ico')).toBe('public, max-age=3600');
    expect(contentType('a/b.html')).toBe('text/html; charset=utf-8');
    expect(contentType('x.unknown')).toBe('application/octet-stream');
  });

  it('uploads what changed, assets before pages, and deletes what the build no longer has', () => {
    const plan = planSync(
      [
        file('index.html', 'new'),
        file('_next/static/a.js', 'same'),
        file('about.txt', 'x'),
        file('_next/static/b.css', 'b'),
      ],
      new Map([
        ['_next/static/a.js', '"same"'],
        ['index.html', '"old"'],
        ['gone.html', '"x"'],
      ]),
    );
    expect(plan.uploads.map((upload) => upload.key)).toEqual([
      '_next/static/b.css',
      'about.txt',
      'index.html',
    ]);
    expect(plan.unchanged).toBe(1);
    expect(plan.deletions).toEqual(['gone.html']);
  });
});

describe('deployWeb against moto’s S3 and CloudFront on loopback', () => {
  let moto: ChildProcess;
  let endpoint: string;
  let dir: string;
  let distributionId: string;
  const bucket = 'skyport-dev-site';
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    const server = process.env.MOTO_SERVER;
    if (!server || !existsSync(server)) {
      throw new Error(
        'MOTO_SERVER is not set to moto_server: run `make test`, or `export MOTO_SERVER=$(scripts/terraform-toolchain.sh moto)`',
      );
    }
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn(server, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    for (let i = 0; i < 150; i += 1) {
      if (
        await fetch(`${endpoint}/moto-api/`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((done) => setTimeout(done, 200));
    }
    const s3 = new S3Client({ region: 'eu-west-1', endpoint, forcePathStyle: true });
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'old-page.html', Body: 'stale' }));
    s3.destroy();
    const cloudfront = new CloudFrontClient({ region: 'us-east-1', endpoint });
    const created = await cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: 'test',
          Comment: 'site',
          Enabled: true,
          Origins: {
            Quantity: 1,
            Items: [
              {
                Id: 'site',
                DomainName: `${bucket}.s3.eu-west-1.amazonaws.com`,
                S3OriginConfig: { OriginAccessIdentity: '' },
              },
            ],
          },
          DefaultCacheBehavior: {
            TargetOriginId: 'site',
            ViewerProtocolPolicy: 'redirect-to-https',
            CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
          },
        },
      }),
    );
    cloudfront.destroy();
    distributionId = created.Distribution?.Id ?? '';
    dir = mkdtempSync(path.join(tmpdir(), 'deploy-web-'));
    mkdirSync(path.join(dir, '_next', 'static'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!DOCTYPE html><h1>Skyport</h1>');
    writeFileSync(path.join(dir, 'index.txt'), 'rsc');
    writeFileSync(path.join(dir, '_next', 'static', 'app-1a2b.js'), 'console.log(1)');
  }, 60_000);

  afterAll(() => {
    moto?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  });

  const deploy = () => deployWeb({ dir, bucket, distributionId, region: 'eu-west-1', endpoint });
  const s3 = () => new S3Client({ region: 'eu-west-1', endpoint, forcePathStyle: true });

  it('uploads every file with its type and caching, deletes the stale page, and invalidates /*', async () => {
    const result = await deploy();
    expect(result).toMatchObject({
      uploaded: 3,
      unchanged: 0,
      deleted: 1,
      invalidationId: expect.any(String),
    });
    const client = s3();
    const keys = (await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents?.map(
      (o) => o.Key,
    );
    expect(keys?.sort()).toEqual(['_next/static/app-1a2b.js', 'index.html', 'index.txt']);
    const page = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'index.html' }));
    expect(page).toMatchObject({
      ContentType: 'text/html; charset=utf-8',
      CacheControl: REVALIDATE,
    });
    const asset = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: '_next/static/app-1a2b.js' }),
    );
    expect(asset).toMatchObject({
      ContentType: 'text/javascript; charset=utf-8',
      CacheControl: IMMUTABLE,
    });
    client.destroy();
    const cloudfront = new CloudFrontClient({ region: 'us-east-1', endpoint });
    const invalidations = await cloudfront.send(
      new ListInvalidationsCommand({ DistributionId: distributionId }),
    );
    cloudfront.destroy();
    expect(invalidations.InvalidationList?.Items?.map((item) => item.Id)).toContain(
      result.invalidationId,
    );
  });

  it('uploads nothing and invalidates nothing when the build did not change', async () => {
    expect(await deploy()).toEqual({
      uploaded: 0,
      unchanged: 3,
      deleted: 0,
      invalidationId: undefined,
    });
  });

  it('uploads only the changed page and deletes a page the new build dropped', async () => {
    writeFileSync(path.join(dir, 'index.html'), '<!DOCTYPE html><h1>Skyport, new</h1>');
    unlinkSync(path.join(dir, 'index.txt'));
    expect(await deploy()).toMatchObject({ uploaded: 1, unchanged: 1, deleted: 1 });
  });

  it('refuses a folder that is not a built site', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'deploy-web-empty-'));
    await expect(
      deployWeb({ dir: empty, bucket, distributionId, region: 'eu-west-1', endpoint }),
    ).rejects.toThrow(/has no index.html: build the site first/);
    rmSync(empty, { recursive: true });
  });
});
