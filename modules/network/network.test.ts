import {
  dataSourceFor,
  justifiedChecks,
  onlyResource,
  ref,
  referenceTo,
  resourceAt,
  resourcesOf,
  synthConstructs,
  synthConstructsWithComments,
  type TerraformBlock,
  type TerraformJson,
} from '../testing';
import { Network, type NetworkProps } from './network';

const synth = (props: Partial<NetworkProps> = {}) =>
  synthConstructs((scope) => {
    new Network(scope, 'network', {
      name: 'dev',
      cidrBlock: '10.10.0.0/16',
      availabilityZoneIds: ['euw1-az1', 'euw1-az2'],
      ...props,
    });
  });

const blocks = (json: TerraformJson, type: string) => Object.values(resourcesOf(json, type));

/** Route tables associated with the subnets of one tier, as `${aws_route_table.x.id}` strings. */
function tablesOfTier(json: TerraformJson, tier: string): Set<string> {
  const subnets = new Set(
    Object.entries(resourcesOf(json, 'aws_subnet'))
      .filter(([, block]) => (block.tags as Record<string, string>).tier === tier)
      .map(([name]) => ref('aws_subnet', name)),
  );
  return new Set(
    blocks(json, 'aws_route_table_association')
      .filter((association) => subnets.has(association.subnet_id as string))
      .map((association) => association.route_table_id as string),
  );
}

const routesFrom = (json: TerraformJson, tables: Set<string>) =>
  blocks(json, 'aws_route').filter((route) => tables.has(route.route_table_id as string));

describe('Network', () => {
  const dev = synth();
  const prod3Zones = synth({ availabilityZoneIds: ['use1-az4', 'use1-az6', 'use1-az1'] });

  it('creates a VPC over the given range with DNS support and hostnames', () => {
    expect(onlyResource(dev, 'aws_vpc')).toMatchObject({
      cidr_block: '10.10.0.0/16',
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: 'dev' },
    });
  });

  it('strips every rule from the default security group', () => {
    const sg = onlyResource(dev, 'aws_default_security_group');
    expect(sg.vpc_id).toBe(referenceTo(dev, 'aws_vpc', 'id'));
    expect(sg.ingress).toEqual([]);
    expect(sg.egress).toEqual([]);
  });

  it('spreads three tiers over the pinned zones, each subnet in its own zone, CIDRs computed from the VPC', () => {
    const zoneIds = ['euw1-az3', 'euw1-az1', 'euw1-az2'];
    const prod = synth({ cidrBlock: '10.20.0.0/16', availabilityZoneIds: zoneIds });
    const subnets = blocks(prod, 'aws_subnet');
    expect(subnets).toHaveLength(9);
    for (const tier of ['public', 'private', 'isolated']) {
      zoneIds.forEach((zoneId, az) => {
        const subnet = resourceAt(prod, 'aws_subnet', `${tier}-${az + 1}`).block;
        // The name the account gives the pinned ID, so the argument keeps its meaning.
        expect(subnet.availability_zone).toMatch(
          /^\$\{data\.aws_availability_zone\.[\w-]+\.name\}$/,
        );
        expect(dataSourceFor(prod, subnet.availability_zone)).toEqual(
          expect.objectContaining({ zone_id: zoneId }),
        );
      });
    }
    expect(subnets.map((s) => s.cidr_block)).toContain('10.20.160.0/20');
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  it('looks each zone up by its ID alone, with no state filter and no zone list', () => {
    expect(prod3Zones.data?.aws_availability_zones).toBeUndefined();
    const lookups = Object.values(prod3Zones.data?.aws_availability_zone ?? {});
    expect(lookups).toEqual([
      { zone_id: 'use1-az4' },
      { zone_id: 'use1-az6' },
      { zone_id: 'use1-az1' },
    ]);
  });

  it('routes the public tier to the internet gateway', () => {
    const routes = routesFrom(dev, tablesOfTier(dev, 'public'));
    expect(routes).toEqual([
      expect.objectContaining({
        destination_cidr_block: '0.0.0.0/0',
        gateway_id: referenceTo(dev, 'aws_internet_gateway', 'id'),
      }),
    ]);
  });

  describe.each([
    ['none', 2, 0],
    ['single', 2, 1],
    ['per-az', 2, 2],
    ['per-az', 3, 3],
  ] as const)('NAT mode %s over %i AZs', (natMode, azCount, gateways) => {
    const availabilityZoneIds = ['euw1-az1', 'euw1-az2', 'euw1-az3'].slice(0, azCount);
    const json = synth({ natMode, availabilityZoneIds });

    it(`creates ${gateways} NAT gateway(s), each with an Elastic IP in a public subnet`, () => {
      const nats = Object.entries(resourcesOf(json, 'aws_nat_gateway'));
      expect(nats).toHaveLength(gateways);
      expect(blocks(json, 'aws_eip')).toHaveLength(gateways);
      nats.forEach(([, nat], az) => {
        const subnet = resourceAt(json, 'aws_subnet', `public-${az + 1}`);
        expect(nat.subnet_id).toBe(ref('aws_subnet', subnet));
      });
    });

    it('routes each private subnet through the NAT gateway of its AZ (or the only one), or nowhere', () => {
      for (let az = 1; az <= azCount; az++) {
        const table = resourceAt(json, 'aws_route_table', `private-${az}-routes`);
        const routes = routesFrom(json, new Set([ref('aws_route_table', table)]));
        if (gateways === 0) {
          expect(routes).toEqual([]);
          continue;
        }
        const nat = resourceAt(json, 'aws_nat_gateway', `nat-${natMode === 'per-az' ? az : 1}`);
        expect(routes).toEqual([
          expect.objectContaining({
            destination_cidr_block: '0.0.0.0/0',
            nat_gateway_id: ref('aws_nat_gateway', nat),
          }),
        ]);
      }
    });

    it('gives the isolated tier no route to an internet or NAT gateway', () => {
      const tables = tablesOfTier(json, 'isolated');
      expect(tables.size).toBe(1);
      expect(routesFrom(json, tables)).toEqual([]);
      const s3 = blocks(json, 'aws_vpc_endpoint').find((e) => e.vpc_endpoint_type === 'Gateway');
      expect((s3?.route_table_ids as string[]).some((id) => tables.has(id))).toBe(false);
    });
  });

  it('attaches one network ACL per tier to exactly that tier’s subnets, with rules both ways', () => {
    const acls = blocks(dev, 'aws_network_acl');
    expect(acls).toHaveLength(3);
    const covered = acls.flatMap((acl) => acl.subnet_ids as string[]);
    expect(new Set(covered).size).toBe(6);
    expect(covered.sort()).toEqual(
      Object.keys(resourcesOf(dev, 'aws_subnet'))
        .map((n) => ref('aws_subnet', n))
        .sort(),
    );
    const isolated = resourceAt(dev, 'aws_network_acl', 'isolated-acl').block;
    expect(isolated.subnet_ids).toEqual(
      [1, 2].map((az) => ref('aws_subnet', resourceAt(dev, 'aws_subnet', `isolated-${az}`))),
    );
    for (const acl of acls) {
      expect((acl.ingress as TerraformBlock[]).length).toBeGreaterThan(0);
      expect((acl.egress as TerraformBlock[]).length).toBeGreaterThan(0);
    }
    expect(isolated.ingress).toContainEqual(
      expect.objectContaining({
        action: 'allow',
        protocol: 'tcp',
        from_port: 5432,
        to_port: 5432,
        cidr_block: '10.10.0.0/16',
      }),
    );
  });

  it('routes S3 through a free gateway endpoint from the public and private tiers', () => {
    const s3 = onlyResource(dev, 'aws_vpc_endpoint');
    expect(s3).toMatchObject({
      vpc_endpoint_type: 'Gateway',
      service_name: expect.stringMatching(
        /^com\.amazonaws\.\$\{data\.aws_region\.[\w-]+\.region\}\.s3$/,
      ),
    });
    const expected = [...tablesOfTier(dev, 'public'), ...tablesOfTier(dev, 'private')];
    expect([...(s3.route_table_ids as string[])].sort()).toEqual(expected.sort());
  });

  it('creates no interface endpoint unless asked', () => {
    expect(resourcesOf(dev, 'aws_security_group')).toEqual({});
  });

  it('creates the interface endpoints asked for in the private tier, reachable on 443 from the VPC only', () => {
    const json = synth({ interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'] });
    const interfaces = blocks(json, 'aws_vpc_endpoint').filter(
      (e) => e.vpc_endpoint_type === 'Interface',
    );
    expect(interfaces.map((e) => (e.service_name as string).split('}.')[1]).sort()).toEqual([
      'ecr.api',
      'ecr.dkr',
      'logs',
    ]);
    const sg = referenceTo(json, 'aws_security_group', 'id');
    for (const endpoint of interfaces) {
      expect(endpoint).toMatchObject({ private_dns_enabled: true, security_group_ids: [sg] });
      expect(endpoint.subnet_ids).toEqual(
        [1, 2].map((az) => ref('aws_subnet', resourceAt(json, 'aws_subnet', `private-${az}`))),
      );
    }
    expect(blocks(json, 'aws_vpc_security_group_ingress_rule')).toEqual([
      expect.objectContaining({
        security_group_id: sg,
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '10.10.0.0/16',
        description: expect.any(String),
      }),
    ]);
    expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule')).toEqual({});
  });

  describe('flow logs', () => {
    const json = synth({
      flowLogRetentionDays: 14,
      encryptionKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
    });

    it('records all traffic of the VPC into an encrypted log group with retention', () => {
      const group = onlyResource(json, 'aws_cloudwatch_log_group');
      expect(group).toMatchObject({
        name: '/skyport/dev/vpc-flow-logs',
        retention_in_days: 14,
        kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
      });
      expect(onlyResource(json, 'aws_flow_log')).toMatchObject({
        vpc_id: referenceTo(json, 'aws_vpc', 'id'),
        traffic_type: 'ALL',
        log_destination_type: 'cloud-watch-logs',
        log_destination: referenceTo(json, 'aws_cloudwatch_log_group', 'arn'),
        iam_role_arn: referenceTo(json, 'aws_iam_role', 'arn'),
      });
    });

    it('delivers through a role only the flow-logs service of this account can assume', () => {
      const trust = dataSourceFor(json, onlyResource(json, 'aws_iam_role').assume_role_policy);
      const [statement] = trust.statement as TerraformBlock[];
      expect(statement).toMatchObject({
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
      });
      expect(statement?.condition).toContainEqual(
        expect.objectContaining({ test: 'StringEquals', variable: 'aws:SourceAccount' }),
      );
    });

    it('lets that role write only to its own log group', () => {
      const policy = dataSourceFor(json, onlyResource(json, 'aws_iam_role_policy').policy);
      const group = referenceTo(json, 'aws_cloudwatch_log_group', 'arn');
      expect(policy.statement).toEqual([
        expect.objectContaining({
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [group, `${group}:log-stream:*`],
        }),
        expect.objectContaining({
          effect: 'Allow',
          actions: ['logs:DescribeLogGroups'],
          resources: [
            expect.stringMatching(
              /:logs:\$\{data\.aws_region\.[\w-]+\.region\}:\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:log-group:\*$/,
            ),
          ],
        }),
      ]);
      expect(onlyResource(json, 'aws_flow_log').depends_on).toEqual([
        `aws_iam_role_policy.${Object.keys(resourcesOf(json, 'aws_iam_role_policy'))[0]}`,
      ]);
    });
  });

  it('defaults to 10.0.0.0/16 without NAT', () => {
    const json = synthConstructs(
      (scope) =>
        new Network(scope, 'network', {
          name: 'dev',
          availabilityZoneIds: ['euw1-az1', 'euw1-az2'],
        }),
    );
    expect(onlyResource(json, 'aws_vpc').cidr_block).toBe('10.0.0.0/16');
    expect(blocks(json, 'aws_subnet')).toHaveLength(6);
    expect(resourcesOf(json, 'aws_nat_gateway')).toEqual({});
  });

  it.each([
    [
      { cidrBlock: '10.0.0.0' },
      /cidrBlock "10.0.0.0" is not an IPv4 CIDR block such as "10.0.0.0\/16"/,
    ],
    [{ cidrBlock: '10.0.0.300/16' }, /is not an IPv4 CIDR block/],
    [
      { cidrBlock: '10.0.1.0/16' },
      /cidrBlock "10.0.1.0\/16" has host bits set; the network address is 10.0.0.0\/16/,
    ],
    [
      { cidrBlock: '10.0.0.0/12' },
      '[stack/network] cidrBlock: "10.0.0.0/12" must have a prefix from /16 to /24 (AWS VPC limits)',
    ],
    [
      { cidrBlock: '10.0.0.0/25' },
      /\[stack\/network\] cidrBlock: "10.0.0.0\/25" must have a prefix/,
    ],
    [{ cidrBlock: '8.8.0.0/16' }, /cidrBlock: "8.8.0.0\/16" must be a private range/],
    [{ cidrBlock: '172.32.0.0/16' }, /must be a private range/],
    [
      { availabilityZoneIds: ['euw1-az1'] },
      '[stack/network] availabilityZoneIds: ["euw1-az1"] lists 1; list 2 to 4 zone IDs',
    ],
    [
      { availabilityZoneIds: ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5'] },
      '[stack/network] availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5"] lists 5; list 2 to 4 zone IDs',
    ],
    [
      { availabilityZoneIds: ['euw1-az1', 'eu-west-1b'] },
      '[stack/network] availabilityZoneIds: "eu-west-1b" must be an Availability Zone ID such as "euw1-az1"',
    ],
    [
      { availabilityZoneIds: ['euw1-az1', 'euw1-az1'] },
      '[stack/network] availabilityZoneIds: ["euw1-az1", "euw1-az1"] lists a zone twice; name each zone once',
    ],
    [
      { availabilityZoneIds: ['euw1-az1', 'use1-az1'] },
      '[stack/network] availabilityZoneIds: ["euw1-az1", "use1-az1"] mixes regions; list zones of the stack\'s region only',
    ],
    [
      { natMode: 'double' as never },
      '[stack/network] natMode: "double" is not allowed; use one of "none", "single", "per-az"',
    ],
    [
      { interfaceEndpoints: ['s3' as never] },
      '[stack/network] interfaceEndpoints: "s3" is not allowed; use one of "ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"',
    ],
    [{ dataPorts: [0] }, '[stack/network] dataPorts: [0] must list TCP ports from 1 to 65535'],
  ])('rejects %o with a message naming the construct and the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describe('Network audit justifications', () => {
  const json = synthConstructsWithComments((scope) => {
    new Network(scope, 'network', {
      name: 'dev',
      availabilityZoneIds: ['euw1-az1', 'euw1-az2'],
      flowLogRetentionDays: 30,
    });
  });

  it('justifies the ephemeral-range NACL rule on the public and private tiers, not the isolated one', () => {
    expect(justifiedChecks(json, 'aws_network_acl')).toEqual([
      'CKV_AWS_231 design',
      'CKV_AWS_231 design',
    ]);
  });

  it('justifies short flow-log retention as cost, and nothing about zones (each is pinned by ID)', () => {
    expect(justifiedChecks(json, 'aws_availability_zone')).toEqual([]);
    expect(justifiedChecks(json, 'aws_cloudwatch_log_group')).toEqual(['CKV_AWS_338 cost']);
    const yearLong = synthConstructsWithComments((scope) => {
      new Network(scope, 'network', {
        name: 'prod',
        availabilityZoneIds: ['euw1-az1', 'euw1-az2'],
        flowLogRetentionDays: 365,
      });
    });
    expect(justifiedChecks(yearLong, 'aws_cloudwatch_log_group')).toEqual([]);
  });

  it('reports every problem at once, one line each, even when it cannot build the subnets', () => {
    expect(() => synth({ natMode: 'double' as never, dataPorts: [0] })).toThrow(
      '[stack/network] natMode: "double" is not allowed; use one of "none", "single", "per-az"\n' +
        '[stack/network] dataPorts: [0] must list TCP ports from 1 to 65535',
    );
    const fiveZones = ['euw1-az1', 'euw1-az2', 'euw1-az3', 'euw1-az4', 'euw1-az5'];
    expect(() => synth({ cidrBlock: '8.8.0.0/25', availabilityZoneIds: fiveZones })).toThrow(
      '[stack/network] cidrBlock: "8.8.0.0/25" must have a prefix from /16 to /24 (AWS VPC limits)\n' +
        '[stack/network] cidrBlock: "8.8.0.0/25" must be a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)\n' +
        '[stack/network] availabilityZoneIds: ["euw1-az1", "euw1-az2", "euw1-az3", "euw1-az4", "euw1-az5"] lists 5; list 2 to 4 zone IDs',
    );
  });
});
