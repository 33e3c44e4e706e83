import {
  onlyResource,
  referenceTo,
  resourcesOf,
  type TerraformBlock,
  type TerraformJson,
} from './synth';

/** Every string value, anywhere in the JSON, under a key naming a password, auth token or secret. */
export function secretLiterals(json: TerraformJson): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key = ''): void => {
    if (Array.isArray(value)) value.forEach((item) => walk(item, key));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    } else if (typeof value === 'string' && /password|auth_token$|secret_string/i.test(key)) {
      found.push(value);
    }
  };
  walk(json);
  return found;
}

/** The single data source of a type; fails the test when there are none or several. */
export function onlyData(json: TerraformJson, type: string): TerraformBlock {
  const blocks = Object.values(json.data?.[type] ?? {});
  if (blocks.length !== 1) throw new Error(`expected one data.${type}, found ${blocks.length}`);
  return blocks[0] as TerraformBlock;
}

/** What {@link expectIngressOnlyFromSecurityGroup} expects of the stack's security group. */
export interface SoleIngress {
  readonly name: string;
  readonly vpcId: string;
  readonly port: number;
  readonly clientSecurityGroupId: string;
}

/**
 * Asserts the stack's one security group admits exactly one TCP port from exactly one client
 * security group, from no CIDR, with no egress; returns its `${aws_security_group.<name>.id}`.
 */
export function expectIngressOnlyFromSecurityGroup(
  json: TerraformJson,
  expected: SoleIngress,
): string {
  const sg = onlyResource(json, 'aws_security_group');
  const sgId = referenceTo(json, 'aws_security_group', 'id');
  expect(sg).toMatchObject({ name: expected.name, vpc_id: expected.vpcId });
  expect(typeof sg.description).toBe('string');
  expect(sg).not.toHaveProperty('ingress');
  expect(sg).not.toHaveProperty('egress');
  const ingress = Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'));
  expect(ingress).toHaveLength(1);
  expect(ingress[0]).toMatchObject({
    security_group_id: sgId,
    referenced_security_group_id: expected.clientSecurityGroupId,
    ip_protocol: 'tcp',
    from_port: expected.port,
    to_port: expected.port,
  });
  expect(typeof ingress[0]?.description).toBe('string');
  expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule')).toEqual({});
  expect(resourcesOf(json, 'aws_security_group_rule')).toEqual({});
  expect(JSON.stringify(json)).not.toMatch(/cidr_ipv[46]|cidr_blocks|0\.0\.0\.0\/0|::\/0/);
  return sgId;
}

/** What {@link expectGeneratedSecret} expects of a GeneratedSecret's blocks. */
export interface GeneratedSecretShape {
  readonly namePrefix: string;
  readonly kmsKeyArn: string;
  readonly recoveryWindowDays: number;
  readonly secretString: RegExp;
}

/**
 * Asserts the stack's one secret holds a Secrets Manager generated password (32 characters, no
 * punctuation), encrypted with the key, in a version whose value matches; returns the version.
 */
export function expectGeneratedSecret(
  json: TerraformJson,
  expected: GeneratedSecretShape,
): TerraformBlock {
  expect(onlyData(json, 'aws_secretsmanager_random_password')).toMatchObject({
    password_length: 32,
    exclude_punctuation: true,
  });
  expect(onlyResource(json, 'aws_secretsmanager_secret')).toMatchObject({
    name_prefix: expected.namePrefix,
    kms_key_id: expected.kmsKeyArn,
    recovery_window_in_days: expected.recoveryWindowDays,
  });
  const version = onlyResource(json, 'aws_secretsmanager_secret_version');
  expect(version.secret_id).toBe(referenceTo(json, 'aws_secretsmanager_secret', 'id'));
  expect(version.secret_string).toMatch(expected.secretString);
  return version;
}
