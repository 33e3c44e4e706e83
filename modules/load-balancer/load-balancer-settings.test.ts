import { Fn, Token, TerraformVariable } from 'cdktf';
import { synthConstructs } from '../testing';
import { LoadBalancer } from './load-balancer';
import { base, synth } from './load-balancer-fixture';

describe('LoadBalancer props', () => {
  it.each([
    [
      { name: 'skyport-development-public-api-01' },
      '[stack/api] name: "skyport-development-public-api-01" must be 1-32 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen and not starting with "internal-"',
    ],
    [{ name: 'Skyport-api' }, /name: "Skyport-api" must be 1-32 lowercase/],
    [{ name: 'internal-api' }, /name: "internal-api" must be/],
    [
      { targetPort: 0 },
      '[stack/api] targetPort: 0 is out of range; use a whole number from 1 to 65535',
    ],
    [
      { targetPort: 70000 },
      /targetPort: 70000 is out of range; use a whole number from 1 to 65535/,
    ],
    [
      { subnetIds: ['subnet-a'] },
      '[stack/api] subnetIds: 1 listed; list subnets in at least 2 AZs (an ALB needs two)',
    ],
    [
      { sslPolicy: 'ELBSecurityPolicy-2016-08' },
      '[stack/api] sslPolicy: "ELBSecurityPolicy-2016-08" must be a TLS 1.3 policy ("ELBSecurityPolicy-TLS13-...")',
    ],
    [{ healthCheckPath: 'health' }, /healthCheckPath: "health" must start with "\/"/],
    [
      { deregistrationDelaySeconds: 4000 },
      '[stack/api] deregistrationDelaySeconds: 4000 is out of range; use a whole number from 0 to 3600',
    ],
    [
      { idleTimeoutSeconds: 0 },
      /idleTimeoutSeconds: 0 is out of range; use a whole number from 1 to 4000/,
    ],
    [
      { accessLogRetentionDays: 0 },
      /accessLogRetentionDays: 0 is out of range; use a whole number/,
    ],
    [
      { ingress: 'vpn' as never },
      '[stack/api] ingress: "vpn" is not allowed; use one of "internet", "cloudfront"',
    ],
    [{ internalPaths: ['metrics'] }, /internalPaths\[0\]: "metrics" must start with "\/"/],
    [
      { internalPaths: ['/a', '/b', '/c', '/d', '/e', '/f'] },
      '[stack/api] internalPaths: 6 listed; list at most 5 patterns (one listener rule)',
    ],
  ])('rejects %o with a message naming the construct and the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('reports every problem at once, one line each', () => {
    expect(() =>
      synth({ targetPort: 0, idleTimeoutSeconds: 5000, internalPaths: ['/metrics', 'admin'] }),
    ).toThrow(
      '[stack/api] targetPort: 0 is out of range; use a whole number from 1 to 65535\n' +
        '[stack/api] idleTimeoutSeconds: 5000 is out of range; use a whole number from 1 to 4000\n' +
        '[stack/api] internalPaths[1]: "admin" must start with "/", have no spaces and be at most 128 characters',
    );
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
