import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Sesv2EmailIdentity } from '@cdktf/provider-aws/lib/sesv2-email-identity';
import { Construct } from 'constructs';

export interface EmailIdentityProps {
  /** The domain mail is sent from, e.g. `example.com`. */
  readonly domainName: string;
  /** Route53 public hosted zone that holds the domain: the DKIM records go there. */
  readonly hostedZoneId: string;
}

/**
 * A domain identity in Amazon SES (v2), verified and signed with Easy DKIM through three CNAME
 * records in the domain's Route53 zone: SES verifies the domain by finding them, and receivers
 * see DKIM-signed mail. `sendFrom(address)` gives a task permission to send as one address of the
 * domain, and nothing else.
 */
export class EmailIdentity extends Construct {
  readonly identity: Sesv2EmailIdentity;
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: EmailIdentityProps) {
    super(scope, id);
    this.domainName = props.domainName;
    this.identity = new Sesv2EmailIdentity(this, 'identity', {
      emailIdentity: props.domainName,
      dkimSigningAttributes: { nextSigningKeyLength: 'RSA_2048_BIT' },
    });
    // Easy DKIM always publishes three selectors, one record each. The ids are written out so a
    // Terraform address (`…_dkim-record-1_…`) is found with grep.
    const dkimRecord = (recordId: string, tokenIndex: number) => {
      const token = `\${${this.identity.fqn}.dkim_signing_attributes[0].tokens[${tokenIndex}]}`;
      new Route53Record(this, recordId, {
        zoneId: props.hostedZoneId,
        name: `${token}._domainkey.${props.domainName}`,
        type: 'CNAME',
        ttl: 1800,
        records: [`${token}.dkim.amazonses.com`],
      });
    };
    dkimRecord('dkim-record-0', 0);
    dkimRecord('dkim-record-1', 1);
    dkimRecord('dkim-record-2', 2);
  }

  /**
   * The statement that lets a role send e-mail through SES as `fromAddress` only (the
   * `ses:FromAddress` condition), from this identity only.
   */
  sendFrom(fromAddress: string): DataAwsIamPolicyDocumentStatement {
    return {
      sid: 'SendContactEmailsAsTheSiteOnly',
      effect: 'Allow',
      actions: ['ses:SendEmail'],
      resources: [this.identity.arn],
      condition: [{ test: 'StringEquals', variable: 'ses:FromAddress', values: [fromAddress] }],
    };
  }
}
