import { request } from 'node:https';

export interface MotoResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * One HTTPS request to moto. moto serves TLS with a certificate it made up at start, so it is not
 * verified: the server is ours, on loopback. A dummy SigV4 header is enough, moto does not check it.
 */
export function motoRequest(
  endpoint: string,
  method: string,
  pathAndQuery: string,
  body = '',
): Promise<MotoResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(pathAndQuery, endpoint),
      {
        method,
        rejectUnauthorized: false,
        headers: {
          authorization:
            'AWS4-HMAC-SHA256 Credential=testing/20260101/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=0',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Makes sure the state bucket the S3 backends point at exists. The bootstrap stack creates it when
 * moto can apply that stack; when it cannot, the run creates a plain bucket, as an operator's
 * bootstrap apply would have before any other stack.
 */
export async function ensureStateBucket(
  endpoint: string,
  bucket: string,
  region: string,
): Promise<'existed' | 'created'> {
  const head = await motoRequest(endpoint, 'HEAD', `/${bucket}`);
  if (head.status === 200) return 'existed';
  const created = await motoRequest(
    endpoint,
    'PUT',
    `/${bucket}`,
    `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`,
  );
  if (created.status !== 200) {
    throw new Error(
      `moto did not create the state bucket ${bucket}: HTTP ${created.status} ${created.body.slice(0, 200)}`,
    );
  }
  return 'created';
}

/** Writes an object (here: a Terraform state) into moto's S3. */
export async function putObject(
  endpoint: string,
  bucket: string,
  key: string,
  body: string,
): Promise<void> {
  const put = await motoRequest(endpoint, 'PUT', `/${bucket}/${key}`, body);
  if (put.status !== 200) {
    throw new Error(
      `moto did not store s3://${bucket}/${key}: HTTP ${put.status} ${put.body.slice(0, 200)}`,
    );
  }
}
