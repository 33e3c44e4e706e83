import { DataAwsAvailabilityZone } from '@cdktf/provider-aws/lib/data-aws-availability-zone';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { NetworkAcl } from '@cdktf/provider-aws/lib/network-acl';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { justifyCheck } from '../audit';
import { parseCidr } from '../validation/cidr';
import { Problems, validateAtSynth } from '../validation/problems';
import { tierAclRules, type AclRule } from './network-acl-rules';
import { MAX_AZ_COUNT, subnetLayout, TIERS, type SubnetLayout, type Tier } from './subnet-layout';
import { VpcEndpoints, INTERFACE_ENDPOINTS, type InterfaceEndpoint } from './vpc-endpoints';
import { VpcFlowLog } from './vpc-flow-log';
import { ZONE_ID_PATTERN, zoneIdPrefix } from './zone-ids';

/** How private subnets reach the internet. */
export const NAT_MODES = ['none', 'single', 'per-az'] as const;
export type NatMode = (typeof NAT_MODES)[number];

export interface NetworkProps {
  /** Prefix of every `Name` tag and resource name, e.g. `dev`. */
  readonly name: string;
  /**
   * IPv4 range of the VPC: a private range (RFC 1918) from /16 to /24 with no host bits set.
   * Subnets are computed from it (see SubnetLayout).
   * @default "10.0.0.0/16"
   */
  readonly cidrBlock?: string;
  /**
   * IDs of the Availability Zones the three tiers span, in subnet order (`["euw1-az1",
   * "euw1-az2"]`): 2 to 4 distinct IDs of one region. Subnet `<tier>-1` is in the first, and so
   * on. An ID names the same physical zone in every account, where a zone name (`eu-west-1a`) may
   * not; each ID's name is looked up in the account at plan time. Two is the minimum for an ALB
   * and for Multi-AZ RDS.
   */
  readonly availabilityZoneIds: readonly string[];
  /**
   * How the private tier reaches the internet:
   * - `none`: no NAT gateway and no default route in the private tier (about $35 a month
   *   saved per gateway). Tasks that need the internet run in the public tier with public IPs,
   *   and their security groups admit only the load balancer.
   * - `single`: one NAT gateway in the first AZ for every private subnet (an AZ outage cuts
   *   the others off).
   * - `per-az`: one NAT gateway per AZ, each private subnet routed through its own.
   * @default "none"
   */
  readonly natMode?: NatMode;
  /**
   * AWS services that get an interface endpoint in the private tier, so tasks there reach them
   * without NAT. About $7.50 a month each per AZ, plus data.
   * @default [] (none)
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpoint[];
  /**
   * Days CloudWatch keeps the VPC flow logs.
   * @default 30
   */
  readonly flowLogRetentionDays?: number;
  /**
   * KMS key ARN that encrypts the flow-log group.
   * @default AWS-owned encryption
   */
  readonly encryptionKeyArn?: string;
  /**
   * TCP ports the isolated (data) tier serves to the rest of the VPC; its network ACL refuses
   * every other port.
   * @default [5432, 6379, 5671] (PostgreSQL, Redis/Valkey, AMQPS)
   */
  readonly dataPorts?: readonly number[];
}

/**
 * The environment's VPC with three subnet tiers over the AZs of `availabilityZoneIds`:
 * - public: the internet gateway is its default route; load balancers and NAT gateways live
 *   here (and tasks, when `natMode` is `none`);
 * - private: application tasks; reaches the internet only through NAT, when there is one;
 * - isolated: data services; no route out of the VPC at all.
 * Each tier has its own network ACL, S3 traffic goes through a free gateway endpoint, flow logs
 * record every VPC's traffic, and the default security group has no rules.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly layout: SubnetLayout;
  readonly subnets: Record<Tier, Subnet[]>;
  readonly natGateways: NatGateway[];
  readonly endpoints: VpcEndpoints;
  readonly flowLog: VpcFlowLog;
  readonly cidrBlock: string;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { name } = props;
    this.name = name;
    this.cidrBlock = props.cidrBlock ?? '10.0.0.0/16';
    const cidr = parseCidr('cidrBlock', this.cidrBlock);
    const zoneIds = props.availabilityZoneIds;
    const azCount = zoneIds.length;
    const natMode = props.natMode ?? 'none';
    const interfaceEndpoints = props.interfaceEndpoints ?? [];
    const dataPorts = props.dataPorts ?? [5432, 6379, 5671];
    const check = (p: Problems) => {
      if (cidr.prefix < 16 || cidr.prefix > 24) {
        p.add(
          'cidrBlock',
          `"${this.cidrBlock}" must have a prefix from /16 to /24 (AWS VPC limits)`,
        );
      }
      if (!cidr.isPrivate) {
        p.add(
          'cidrBlock',
          `"${this.cidrBlock}" must be a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)`,
        );
      }
      checkZoneIds(p, zoneIds);
      p.oneOf('natMode', natMode, NAT_MODES);
      for (const service of interfaceEndpoints) {
        p.oneOf('interfaceEndpoints', service, INTERFACE_ENDPOINTS);
      }
      if (
        dataPorts.length === 0 ||
        dataPorts.some((port) => !Number.isInteger(port) || port < 1 || port > 65535)
      ) {
        p.add('dataPorts', `[${dataPorts.join(', ')}] must list TCP ports from 1 to 65535`);
      }
    };
    // The subnets are carved from the range over the AZs, and an interface endpoint's construct id
    // is its service name (an unknown "s3" collides with the gateway endpoint): when either cannot
    // be built, nothing can, so every problem is reported now instead of at synth.
    const buildable =
      cidr.prefix <= 24 &&
      azCount >= 1 &&
      azCount <= MAX_AZ_COUNT &&
      interfaceEndpoints.every((service) => INTERFACE_ENDPOINTS.includes(service));
    if (!buildable) {
      const problems = new Problems();
      check(problems);
      throw new Error(problems.list.map((problem) => `[${this.node.path}] ${problem}`).join('\n'));
    }
    validateAtSynth(this, check);
    this.layout = subnetLayout(cidr, azCount);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: this.cidrBlock,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: name },
    });
    // Managing the default security group with no ingress or egress removes AWS's
    // allow-all-within-group rules (CIS AWS 5.4).
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${name}-default-locked` },
    });

    // One lookup per pinned ID, and no state filter: a zone that is impaired when someone plans
    // still resolves to the same name, so no subnet moves. Subnets keep `availability_zone` (the
    // name), the argument they were created with (decision 0028).
    const zones = zoneIds.map(
      (zoneId, az) => new DataAwsAvailabilityZone(this, `zone-${az + 1}`, { zoneId }),
    );
    const subnetsOf = (tier: Tier) =>
      this.layout.subnetCidrs[tier].map(
        (cidrBlock, az) =>
          new Subnet(this, `${tier}-${az + 1}`, {
            vpcId: this.vpc.id,
            cidrBlock,
            availabilityZone: (zones[az] as DataAwsAvailabilityZone).name,
            // Public IPs are asked for explicitly (ECS assign_public_ip), never handed out.
            mapPublicIpOnLaunch: false,
            tags: { Name: `${name}-${tier}-${az + 1}`, tier },
          }),
      );
    this.subnets = {
      public: subnetsOf('public'),
      private: subnetsOf('private'),
      isolated: subnetsOf('isolated'),
    };

    const internetGateway = new InternetGateway(this, 'internet-gateway', {
      vpcId: this.vpc.id,
      tags: { Name: name },
    });
    const publicRoutes = this.routeTable('public', this.subnets.public);
    new Route(this, 'public-default-route', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });

    const natCount = { none: 0, single: 1, 'per-az': azCount }[natMode];
    this.natGateways = Array.from({ length: natCount }, (_, az) => {
      const address = new Eip(this, `nat-address-${az + 1}`, {
        domain: 'vpc',
        tags: { Name: `${name}-nat-${az + 1}` },
      });
      return new NatGateway(this, `nat-${az + 1}`, {
        allocationId: address.allocationId,
        subnetId: (this.subnets.public[az] as Subnet).id,
        tags: { Name: `${name}-nat-${az + 1}` },
        dependsOn: [internetGateway],
      });
    });
    // One route table per private subnet, so moving between NAT modes changes routes only.
    const privateRoutes = this.subnets.private.map((subnet, az) => {
      const table = this.routeTable(`private-${az + 1}`, [subnet]);
      const nat = this.natGateways[natMode === 'per-az' ? az : 0];
      if (nat) {
        new Route(this, `private-${az + 1}-default-route`, {
          routeTableId: table.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: nat.id,
        });
      }
      return table;
    });
    // The isolated tier's table has only the implicit local route: nothing leaves the VPC.
    this.routeTable('isolated', this.subnets.isolated);

    const aclContext = {
      vpcCidr: this.cidrBlock,
      isolatedCidr: this.layout.tierCidr.isolated,
      dataPorts,
    };
    for (const tier of TIERS) {
      const rules = tierAclRules(tier, aclContext);
      const acl = new NetworkAcl(this, `${tier}-acl`, {
        vpcId: this.vpc.id,
        subnetIds: this.subnetIds(tier),
        ingress: rules.ingress.map(toAclEntry),
        egress: rules.egress.map(toAclEntry),
        tags: { Name: `${name}-${tier}`, tier },
      });
      const rdpFromInternet = rules.ingress.some(
        (rule) =>
          rule.cidrBlock === '0.0.0.0/0' &&
          (rule.protocol === '-1' ||
            (rule.protocol === 'tcp' && rule.fromPort <= 3389 && 3389 <= rule.toPort)),
      );
      if (rdpFromInternet) {
        justifyCheck(acl, {
          check: 'CKV_AWS_231',
          because: 'design',
          reason:
            'The internet may reach 3389 only within the ephemeral range 1024-65535 that admits replies to connections this tier opened (a NAT gateway may pick any port of it); security groups, which are stateful, keep unsolicited traffic out',
        });
      }
    }

    this.endpoints = new VpcEndpoints(this, 'endpoints', {
      name,
      vpcId: this.vpc.id,
      vpcCidr: this.cidrBlock,
      gatewayRouteTableIds: [publicRoutes.id, ...privateRoutes.map((table) => table.id)],
      interfaceSubnetIds: this.subnetIds('private'),
      interfaceEndpoints,
    });

    this.flowLog = new VpcFlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      logGroupName: `/skyport/${name}/vpc-flow-logs`,
      retentionDays: props.flowLogRetentionDays ?? 30,
      encryptionKeyArn: props.encryptionKeyArn,
    });
  }

  /** IDs of the subnets of one tier, in AZ order. */
  subnetIds(tier: Tier): string[] {
    return this.subnets[tier].map((subnet) => subnet.id);
  }

  private routeTable(id: string, subnets: Subnet[]): RouteTable {
    const table = new RouteTable(this, `${id}-routes`, {
      vpcId: this.vpc.id,
      tags: { Name: `${this.name}-${id}` },
    });
    subnets.forEach((subnet, index) => {
      new RouteTableAssociation(this, `${id}-routes-${index + 1}`, {
        subnetId: subnet.id,
        routeTableId: table.id,
      });
    });
    return table;
  }
}

function toAclEntry(rule: AclRule) {
  return { action: 'allow', ...rule };
}

/** 2 to MAX_AZ_COUNT distinct zone IDs, all of one region. */
function checkZoneIds(p: Problems, zoneIds: readonly string[]): void {
  const field = 'availabilityZoneIds';
  const listed = `[${zoneIds.map((id) => `"${id}"`).join(', ')}]`;
  if (zoneIds.length < 2 || zoneIds.length > MAX_AZ_COUNT) {
    p.add(field, `${listed} lists ${zoneIds.length}; list 2 to ${MAX_AZ_COUNT} zone IDs`);
  }
  for (const zoneId of zoneIds) {
    p.matches(field, zoneId, ZONE_ID_PATTERN, 'an Availability Zone ID such as "euw1-az1"');
  }
  if (new Set(zoneIds).size !== zoneIds.length) {
    p.add(field, `${listed} lists a zone twice; name each zone once`);
  }
  const prefixes = new Set(zoneIds.map(zoneIdPrefix).filter((prefix) => prefix !== undefined));
  if (prefixes.size > 1) {
    p.add(field, `${listed} mixes regions; list zones of the stack's region only`);
  }
}
