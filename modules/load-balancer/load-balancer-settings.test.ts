import { Fn, Token, TerraformVariable } from 'cdktf';
import { synthConstructs } from '../testing';
import { LoadBalancer } from './load-balancer';
import { base, synth } from './load-balancer-fixture';

describe('LoadBalancer props', () => {
  it.each([
    [
      { name: 'skyport-development-public-api-01' },
      'LoadBalancer: name "skyport-development-public-api-01" must be 1-32 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen and not starting with "internal-"',
    ],
    [{ name: 'Skyport-api' }, /name "Skyport-api" must be 1-32 lowercase/],
    [{ name: 'internal-api' }, /name "internal-api" must be/],
    [{ targetPort: 0 }, 'LoadBalancer: targetPort must be a whole number from 1 to 65535, got 0'],
    [{ targetPort: 70000 }, /targetPort must be a whole number from 1 to 65535, got 70000/],
    [
      { subnetIds: ['subnet-a'] },
      'LoadBalancer: subnetIds must list subnets in at least 2 AZs (an ALB needs two), got 1',
    ],
    [
      { sslPolicy: 'ELBSecurityPolicy-2016-08' },
      'LoadBalancer: sslPolicy "ELBSecurityPolicy-2016-08" must be a TLS 1.3 policy ("ELBSecurityPolicy-TLS13-...")',
    ],
    [{ healthCheckPath: 'health' }, /healthCheckPath "health" must start with "\/"/],
    [
      { deregistrationDelaySeconds: 4000 },
      'LoadBalancer: deregistrationDelaySeconds must be a whole number from 0 to 3600, got 4000',
    ],
    [{ idleTimeoutSeconds: 0 }, /idleTimeoutSeconds must be a whole number from 1 to 4000/],
    [{ accessLogRetentionDays: 0 }, /accessLogRetentionDays must be a whole number/],
    [{ ingress: 'vpn' as never }, 'LoadBalancer: ingress "vpn" is not one of internet, cloudfront'],
    [{ internalPaths: ['metrics'] }, /internalPaths entry "metrics" must start with "\/"/],
    [
      { internalPaths: ['/a', '/b', '/c', '/d', '/e', '/f'] },
      'LoadBalancer: internalPaths may list at most 5 patterns (one listener rule), got 6',
    ],
  ])('rejects %o with a message naming the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('accepts a subnet list whose length is known only at apply', () => {
    expect(() =>
      synthConstructs((scope) => {
        const subnets = new TerraformVariable(scope, 'subnets', { type: 'list(string)' });
        new LoadBalancer(scope, 'api', {
          ...base,
          subnetIds: Token.asList(Fn.tolist(subnets.listValue)),
        });
      }),
    ).not.toThrow();
  });
});
