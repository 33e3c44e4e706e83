/**
 * What is wrong with `name` as an S3 general-purpose bucket name, or nothing: checked at synth
 * time so a bad name fails before `terraform apply` does.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function bucketNameProblem(name: string): string | undefined {
  const problems: string[] = [];
  if (name.length < 3 || name.length > 63) problems.push('must be 3 to 63 characters long');
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    problems.push(
      'may contain only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit',
    );
  }
  if (name.includes('..')) problems.push('must not contain two adjacent dots');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) problems.push('must not look like an IP address');
  if (
    /^(xn--|sthree-|amzn-s3-demo-)/.test(name) ||
    /(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name)
  ) {
    problems.push('uses a prefix or suffix that S3 reserves');
  }
  return problems.length > 0
    ? `"${name}" is not a valid S3 bucket name: it ${problems.join('; it ')}`
    : undefined;
}

/**
 * The same rules for a bucket name read outside any construct (an environment variable, the
 * project's config file), whose reader stops at the first bad value: throws naming `field`.
 */
export function assertBucketName(field: string, name: string): void {
  const problem = bucketNameProblem(name);
  if (problem) throw new Error(`${field} ${problem}`);
}
