import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Absolute path of the viewer-request CloudFront Function, uploaded as it is on disk. */
export const VIEWER_REQUEST_SOURCE_PATH = path.join(__dirname, 'viewer-request.js');

/** The function's source, for `aws_cloudfront_function.code`. */
export function viewerRequestSource(): string {
  return readFileSync(VIEWER_REQUEST_SOURCE_PATH, 'utf8');
}
