import type { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import type { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { Construct } from 'constructs';
import { DnsValidatedCertificate } from '../certificate/dns-validated-certificate';
import type { LoadBalancerSettings } from './load-balancer-settings';

/**
 * AWS's recommended ALB policy (the console default since the 2025-09 post-quantum policies):
 * TLS 1.3 and TLS 1.2 with AEAD/ECDHE ciphers only, plus hybrid ML-KEM key exchange for clients
 * that offer it.
 */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09';

export interface Listeners {
  readonly certificate: DnsValidatedCertificate;
  readonly https: LbListener;
  readonly http: LbListener;
}

type ListenerSettings = Pick<
  LoadBalancerSettings,
  'name' | 'domainName' | 'hostedZoneId' | 'sslPolicy' | 'internalPaths'
>;

/**
 * HTTPS on 443 with a DNS-validated certificate, forwarding to the target group except the
 * internal paths (answered with a 404), and HTTP on 80 that only redirects to HTTPS.
 */
export function listeners(
  scope: Construct,
  alb: Lb,
  targetGroup: LbTargetGroup,
  settings: ListenerSettings,
): Listeners {
  const { name } = settings;
  const certificate = new DnsValidatedCertificate(scope, 'certificate', {
    domainName: settings.domainName,
    hostedZoneId: settings.hostedZoneId,
  });
  const https = new LbListener(scope, 'https', {
    loadBalancerArn: alb.arn,
    port: 443,
    protocol: 'HTTPS',
    sslPolicy: settings.sslPolicy,
    certificateArn: certificate.certificateArn,
    defaultAction: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
    tags: { Name: `${name}-https` },
  });
  if (settings.internalPaths.length > 0) {
    answerInternalPaths(scope, https, settings);
  }
  // Kept in cloudfront mode too: nothing can reach port 80 then (no rule admits it), and the
  // listener set stays the same when the mode changes.
  const http = new LbListener(scope, 'http', {
    loadBalancerArn: alb.arn,
    port: 80,
    protocol: 'HTTP',
    defaultAction: [
      {
        type: 'redirect',
        redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' },
      },
    ],
    tags: { Name: `${name}-http` },
  });
  return { certificate, https, http };
}

function answerInternalPaths(
  scope: Construct,
  https: LbListener,
  settings: ListenerSettings,
): void {
  new LbListenerRule(scope, 'internal-paths', {
    listenerArn: https.arn,
    priority: 1,
    condition: [{ pathPattern: { values: settings.internalPaths } }],
    action: [
      {
        type: 'fixed-response',
        fixedResponse: {
          statusCode: '404',
          contentType: 'application/json',
          messageBody: '{"statusCode":404,"error":"Not Found"}',
        },
      },
    ],
    tags: { Name: `${settings.name}-internal-paths` },
  });
}
