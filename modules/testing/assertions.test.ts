import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { Construct } from 'constructs';
import { GeneratedSecret, type GeneratedSecretProps } from '../generated-secret/generated-secret';
import {
  expectGeneratedSecret,
  expectIngressOnlyFromSecurityGroup,
  onlyData,
  secretLiterals,
  type SoleIngress,
} from './assertions';
import { synthConstructs, type TerraformJson } from './synth';

const EXPECTED: SoleIngress = {
  name: 'db',
  vpcId: 'vpc-1',
  port: 5432,
  clientSecurityGroupId: 'sg-app',
};

/** A security group with one ingress rule from sg-app on 5432, then whatever `extra` adds. */
const synthGroup = (extra: (scope: Construct, sg: SecurityGroup) => void = () => {}) =>
  synthConstructs((scope) => {
    const sg = new SecurityGroup(scope, 'sg', { name: 'db', vpcId: 'vpc-1', description: 'db' });
    new VpcSecurityGroupIngressRule(scope, 'in', {
      securityGroupId: sg.id,
      referencedSecurityGroupId: 'sg-app',
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      description: 'app',
    });
    extra(scope, sg);
  });

describe('expectIngressOnlyFromSecurityGroup', () => {
  it('passes for one port from one client group and returns the group reference', () => {
    expect(expectIngressOnlyFromSecurityGroup(synthGroup(), EXPECTED)).toMatch(
      /^\$\{aws_security_group\.[\w-]+\.id\}$/,
    );
  });

  it.each<[string, (scope: Construct, sg: SecurityGroup) => void]>([
    [
      'a second ingress rule',
      (scope, sg) =>
        new VpcSecurityGroupIngressRule(scope, 'in2', {
          securityGroupId: sg.id,
          referencedSecurityGroupId: 'sg-other',
          ipProtocol: 'tcp',
          fromPort: 5432,
          toPort: 5432,
        }),
    ],
    [
      'an egress rule',
      (scope, sg) =>
        new VpcSecurityGroupEgressRule(scope, 'out', {
          securityGroupId: sg.id,
          cidrIpv4: '10.0.0.0/8',
          ipProtocol: '-1',
        }),
    ],
    ['an inline CIDR ingress', (_scope, sg) => sg.putIngress([{ cidrBlocks: ['0.0.0.0/0'] }])],
  ])('fails when the stack adds %s', (_what, extra) => {
    expect(() => expectIngressOnlyFromSecurityGroup(synthGroup(extra), EXPECTED)).toThrow();
  });

  it('fails on another port or another client group', () => {
    const json = synthGroup();
    expect(() => expectIngressOnlyFromSecurityGroup(json, { ...EXPECTED, port: 6379 })).toThrow();
    expect(() =>
      expectIngressOnlyFromSecurityGroup(json, { ...EXPECTED, clientSecurityGroupId: 'sg-x' }),
    ).toThrow();
  });
});

describe('expectGeneratedSecret', () => {
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/k';
  const synthSecret = (props: Partial<GeneratedSecretProps> = {}) =>
    synthConstructs((scope) => {
      new GeneratedSecret(scope, 'secret', {
        namePrefix: 'app-',
        description: 'test',
        kmsKeyArn: KEY,
        ...props,
      });
    });
  const expected = {
    namePrefix: 'app-',
    kmsKeyArn: KEY,
    recoveryWindowDays: 7,
    secretString: /random_password\.[\w-]+\.random_password/,
  };

  it('passes for a generated password and returns the secret version', () => {
    expect(expectGeneratedSecret(synthSecret(), expected).secret_string).toEqual(
      expect.stringContaining('jsonencode'),
    );
  });

  it('fails on another key, recovery window or password length', () => {
    expect(() => expectGeneratedSecret(synthSecret({ kmsKeyArn: 'other' }), expected)).toThrow();
    expect(() =>
      expectGeneratedSecret(synthSecret({ recoveryWindowDays: 30 }), expected),
    ).toThrow();
    expect(() => expectGeneratedSecret(synthSecret({ passwordLength: 16 }), expected)).toThrow();
  });
});

describe('secretLiterals', () => {
  it('collects password, auth token and secret string values at any depth', () => {
    const json = {
      resource: {
        a: { x: { password: 'p', nested: [{ auth_token: 't' }], secret_string: 's' } },
        b: { y: { auth_token_update_strategy: 'ROTATE', password_length: 32, name: 'n' } },
      },
    } as unknown as TerraformJson;
    expect(secretLiterals(json).sort()).toEqual(['p', 's', 't']);
  });
});

describe('onlyData', () => {
  it('returns the single data source of a type and fails on none or several', () => {
    const json = { data: { d: { one: { v: 1 } }, e: { a: {}, b: {} } } } as TerraformJson;
    expect(onlyData(json, 'd')).toEqual({ v: 1 });
    expect(() => onlyData(json, 'missing')).toThrow('expected one data.missing, found 0');
    expect(() => onlyData(json, 'e')).toThrow('expected one data.e, found 2');
  });
});
