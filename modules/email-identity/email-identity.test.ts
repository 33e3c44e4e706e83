import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { TerraformOutput } from 'cdktf';
import { onlyData, onlyResource, referenceTo, resourcesOf, synthConstructs } from '../testing';
import { EmailIdentity } from './email-identity';

describe('EmailIdentity', () => {
  const json = synthConstructs((scope) => {
    const identity = new EmailIdentity(scope, 'mail', {
      domainName: 'example.com',
      hostedZoneId: 'Z123',
    });
    new DataAwsIamPolicyDocument(scope, 'worker-policy', {
      statement: [identity.sendFrom('notifications@example.com')],
    });
    new TerraformOutput(scope, 'arn', { value: identity.identity.arn });
  });

  it('creates a domain identity signed with 2048-bit Easy DKIM', () => {
    expect(onlyResource(json, 'aws_sesv2_email_identity')).toMatchObject({
      email_identity: 'example.com',
      dkim_signing_attributes: { next_signing_key_length: 'RSA_2048_BIT' },
    });
  });

  it('publishes the three DKIM CNAME records SES verifies the domain by', () => {
    const records = Object.values(resourcesOf(json, 'aws_route53_record'));
    const tokens = referenceTo(json, 'aws_sesv2_email_identity', 'dkim_signing_attributes[0]');
    expect(records).toHaveLength(3);
    records.forEach((record, index) => {
      const token = `${tokens.slice(0, -1)}.tokens[${index}]}`;
      expect(record).toMatchObject({
        zone_id: 'Z123',
        type: 'CNAME',
        name: `${token}._domainkey.example.com`,
        records: [`${token}.dkim.amazonses.com`],
      });
    });
  });

  it('grants sending as one address of this identity only', () => {
    expect(onlyData(json, 'aws_iam_policy_document').statement).toEqual([
      {
        sid: 'SendContactEmailsAsTheSiteOnly',
        effect: 'Allow',
        actions: ['ses:SendEmail'],
        resources: [referenceTo(json, 'aws_sesv2_email_identity', 'arn')],
        condition: [
          {
            test: 'StringEquals',
            variable: 'ses:FromAddress',
            values: ['notifications@example.com'],
          },
        ],
      },
    ]);
  });
});
