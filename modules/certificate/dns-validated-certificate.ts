import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformIterator, Token, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

export interface DnsValidatedCertificateProps {
  /** The name the certificate is for, e.g. `example.com`. */
  readonly domainName: string;
  /**
   * Further names on the same certificate, e.g. `www.example.com`.
   * @default none
   */
  readonly alternativeNames?: string[];
  /** Route53 public hosted zone that holds the validation records. */
  readonly hostedZoneId: string;
  /**
   * Provider (region) the certificate lives in. CloudFront needs us-east-1; a load balancer
   * needs its own region.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An ACM certificate validated through DNS records in Route53, renewed by ACM for as long as the
 * records stay. It is replaced create-before-destroy, so a change of names never leaves the
 * distribution or listener without a certificate. Use `certificateArn`: it resolves only once
 * validation succeeded, so nothing attaches a pending certificate.
 */
export class DnsValidatedCertificate extends Construct {
  readonly certificate: AcmCertificate;
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, 'certificate', {
      provider: props.provider,
      domainName: props.domainName,
      subjectAlternativeNames: props.alternativeNames,
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      options: { certificateTransparencyLoggingPreference: 'ENABLED' },
      lifecycle: { createBeforeDestroy: true },
    });
    // domain_validation_options is a set whose values are unknown until the certificate exists,
    // so for_each over it fails at plan (terraform-cdk#3627). Key the records by the names,
    // which are known at plan, and pick each name's record out of the set.
    const names = TerraformIterator.fromList([props.domainName, ...(props.alternativeNames ?? [])]);
    const recordOf = (attribute: string) =>
      `\${one([for option in ${this.certificate.fqn}.domain_validation_options : option.${attribute} if option.domain_name == each.key])}`;
    const records = new Route53Record(this, 'validation-record', {
      forEach: names,
      zoneId: props.hostedZoneId,
      name: recordOf('resource_record_name'),
      type: recordOf('resource_record_type'),
      records: [recordOf('resource_record_value')],
      ttl: 300,
      // Names that share a validation record (a wildcard and its apex) write the same record.
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, 'validation', {
      provider: props.provider,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(
        TerraformIterator.fromResources(records).pluckProperty('fqdn'),
      ),
    });
    this.certificateArn = validation.certificateArn;
  }
}
