import { readEnvFile } from './env-file';
import { firstError } from './terraform-json';
import { parseTfvarsExample, validationVariables } from './variables';
import path from 'node:path';

describe('firstError', () => {
  it('returns the error summary and the line naming the resource', () => {
    const output = [
      '',
      '│ Error: Unsupported argument',
      '│ ',
      '│   on cdk.tf.json line 12, in resource.aws_s3_bucket.misspelled_argument:',
      '│   12:       "bucket_name": "x"',
    ].join('\n');
    expect(firstError(output)).toBe(
      'Error: Unsupported argument (on cdk.tf.json line 12, in resource.aws_s3_bucket.misspelled_argument:)',
    );
  });

  it('falls back to the last line when terraform printed no Error:', () => {
    expect(firstError('starting\nkilled\n')).toBe('killed');
  });
});

describe('readEnvFile', () => {
  it('reads KEY=value lines and ignores comments', () => {
    expect(readEnvFile('# note\nTF_BIN=/usr/bin/terraform\nPROVIDER_VERSION=6.34.0\n')).toEqual({
      TF_BIN: '/usr/bin/terraform',
      PROVIDER_VERSION: '6.34.0',
    });
  });
});

describe('validationVariables', () => {
  const root = path.resolve(__dirname, '..', '..');

  it('uses the documented examples, with a domain per environment', () => {
    const values = validationVariables(
      {
        '//': { skyport: { environment: 'prod' } },
        variable: { domain_name: {}, hosted_zone_id: {}, image_tag: {} },
      },
      root,
    );
    expect(values).toEqual({
      domain_name: 'prod.example.com',
      hosted_zone_id: 'Z0123456789ABCDEFGHIJ',
      image_tag: expect.any(String),
    });
  });

  it('names a variable without an example value', () => {
    expect(() => validationVariables({ variable: { brand_new: {} } }, root)).toThrow(
      'variable brand_new has no example value in terraform.tfvars.example',
    );
  });

  it('parses quoted assignments and skips comments', () => {
    expect(parseTfvarsExample('# c\nimage_tag = "abc"\n  alert_email="a@b.c"\n')).toEqual({
      image_tag: 'abc',
      alert_email: 'a@b.c',
    });
  });
});
