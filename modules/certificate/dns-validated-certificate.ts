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
    // domain_validation_options is a set known only after apply: one record per name, by for_each.
    const options = TerraformIterator.fromComplexList(
      this.certificate.domainValidationOptions,
      'domain_name',
    );
    const records = new Route53Record(this, 'validation-record', {
      forEach: options,
      zoneId: props.hostedZoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 300,
      // A and www share one validation record when ACM gives both the same CNAME.
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
