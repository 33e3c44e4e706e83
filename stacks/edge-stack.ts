import { StaticSite } from '@skyport/modules/static-site';
import { TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { EnvironmentStack, type EnvironmentStackProps } from './environment-stack';
import { declareVariable } from './variables';

/**
 * `<env>-edge`: the static site on S3 behind CloudFront, its certificate (us-east-1), DNS records
 * for the apex and www, and in profiles that ask for it a WAF web ACL. The `api.` record belongs
 * to the app stack, next to the load balancer it points at.
 */
export class EdgeStack extends EnvironmentStack {
  readonly site: StaticSite;
  readonly domainName: string;
  readonly hostedZoneId: string;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, 'edge', props);
    const { profile } = props;
    this.domainName = declareVariable(this, 'domain_name').stringValue;
    this.hostedZoneId = declareVariable(this, 'hosted_zone_id').stringValue;

    this.site = new StaticSite(this, 'site', {
      name: `skyport-${profile.name}`,
      domainName: this.domainName,
      hostedZoneId: this.hostedZoneId,
      usEast1: this.providerIn('us-east-1'),
      priceClass: profile.edge.priceClass,
      webAcl: profile.edge.waf,
      hstsPreload: profile.edge.hstsPreload,
      accessLogRetentionDays: profile.logRetentionDays,
    });

    new TerraformOutput(this, 'site_bucket', {
      value: this.site.content.bucket.bucket,
      description: 'Upload the web export here: aws s3 sync apps/web/out s3://<bucket> --delete',
    });
    new TerraformOutput(this, 'distribution_id', {
      value: this.site.distribution.id,
      description: 'Invalidate after a deploy: aws cloudfront create-invalidation --paths "/*"',
    });
    new TerraformOutput(this, 'site_url', { value: `https://${this.domainName}` });
  }
}
