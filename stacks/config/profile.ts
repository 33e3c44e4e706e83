/**
 * The shape of an environment profile: every knob that differs between environments, typed and
 * grouped by the stack that reads it. Values are checked by `validateProfile` at synth time.
 */

import { INGRESS_MODES } from '@skyport/modules/load-balancer';
import type { BrokerDeployment } from '@skyport/modules/message-broker';
import type { InterfaceEndpoint, NatMode } from '@skyport/modules/network';
import type { PriceClass } from '@skyport/modules/static-site';

export {
  INTERFACE_ENDPOINTS,
  NAT_MODES,
  type InterfaceEndpoint,
  type NatMode,
} from '@skyport/modules/network';
export { LOG_RETENTION_DAYS } from '@skyport/modules/validation';
// The modules own what their resources allow; a profile offers the same choices.
export { BROKER_DEPLOYMENTS, type BrokerDeployment } from '@skyport/modules/message-broker';
export { PRICE_CLASSES, type PriceClass } from '@skyport/modules/static-site';

/** `managed`: RDS, ElastiCache and Amazon MQ. `embedded`: sidecar containers, data lost on restart. */
export const DATA_MODES = ['managed', 'embedded'] as const;
export type DataMode = (typeof DATA_MODES)[number];

/** `production` turns on the rules that protect data: see validateProfile. */
export const STAGES = ['development', 'production'] as const;
export type Stage = (typeof STAGES)[number];

export interface NetworkProfile {
  /** IPv4 range of the VPC: a private range from /16 to /24. */
  readonly vpcCidr: string;
  /**
   * IDs of the Availability Zones the subnets span, in subnet order: 2 or 3 distinct zones of the
   * profile's region, e.g. `['euw1-az1', 'euw1-az2']`. IDs, not names: `eu-west-1a` may be a
   * different zone in another account. An environment already deployed lists the IDs its subnets
   * are in, in subnet order, or its subnets are replaced: `aws ec2 describe-subnets --query
   * 'Subnets[].[AvailabilityZone,AvailabilityZoneId]'` (decision 0028).
   */
  readonly zoneIds: readonly string[];
  /** `none` (tasks in public subnets, no NAT cost), `single` or `per-az` (highly available). */
  readonly natMode: NatMode;
  /**
   * Interface endpoints for private subnets; each costs about $7.50 a month per AZ. Without them
   * the same traffic (ECR pulls, logs) goes through NAT at its data charge, which is cheaper below
   * about 700 GB a month per endpoint. `[]` in both shipped profiles; `['ecr.api', 'ecr.dkr',
   * 'logs']` keeps image pulls and logs off NAT (decision 0025).
   */
  readonly interfaceEndpoints: readonly InterfaceEndpoint[];
}

export interface EdgeProfile {
  /** CloudFront price class: which edge locations serve the site. */
  readonly priceClass: PriceClass;
  /** Put an AWS WAF web ACL (rate limit and managed rule groups) in front of the site. */
  readonly waf: boolean;
  /**
   * Ask for HSTS preload. Only an apex can be preloaded, and it then covers every subdomain for
   * months: on for the production apex, off for an environment on a subdomain.
   */
  readonly hstsPreload: boolean;
}

export interface PostgresProfile {
  /** RDS instance class, Graviton only, e.g. `db.t4g.micro`. */
  readonly instanceClass: string;
  /** Initial gp3 storage in GiB (20 to 65536). */
  readonly allocatedStorageGiB: number;
  /** Ceiling for storage autoscaling in GiB; at least 10% above the initial storage. */
  readonly maxAllocatedStorageGiB: number;
  /** Days automated backups are kept (1 to 35). */
  readonly backupRetentionDays: number;
  /** A synchronous standby in a second AZ. */
  readonly multiAz: boolean;
  /** Refuse deletion of the instance and keep a final snapshot. */
  readonly deletionProtection: boolean;
}

export interface CacheProfile {
  /** ElastiCache node type, Graviton only, e.g. `cache.t4g.micro`. */
  readonly nodeType: string;
  /** Nodes in the replication group (1 to 6); 2 or more enables automatic failover. */
  readonly nodeCount: number;
}

export interface BrokerProfile {
  /**
   * Amazon MQ instance type, e.g. `mq.t3.micro` (single instance only, RabbitMQ 3.13) or
   * `mq.m7g.medium` (RabbitMQ 4.2, like every mq.m7g). AWS recommends mq.m7g.medium for testing
   * and mq.m7g.large or larger for production loads; Skyport's broker carries contact messages
   * only, a load mq.m7g.medium carries (decision 0025).
   */
  readonly instanceType: string;
  /**
   * `single-instance` or a three-node `cluster` (CLUSTER_MULTI_AZ, about three times the
   * instance cost). A single instance is unavailable while it restarts (maintenance window,
   * instance failure, its AZ down); the API keeps every contact message in its PostgreSQL outbox
   * meanwhile and publishes it when the broker is back, so messages wait, none is lost. Set
   * `cluster` when the queue must keep flowing through an AZ failure (decision 0025).
   */
  readonly deployment: BrokerDeployment;
}

export interface DataProfile {
  readonly mode: DataMode;
  readonly postgres: PostgresProfile;
  readonly cache: CacheProfile;
  readonly broker: BrokerProfile;
}

/** How API and worker tasks split between on-demand Fargate and Fargate Spot. */
export interface CapacityProfile {
  /** Tasks that always run on on-demand Fargate before any weighting (0 = all Spot). */
  readonly onDemandBase: number;
  /** Relative share of tasks beyond the base on on-demand Fargate. */
  readonly onDemandWeight: number;
  /** Relative share of tasks beyond the base on Fargate Spot (up to 70% cheaper, 2-minute notice). */
  readonly spotWeight: number;
}

export interface ServiceProfile {
  /** Fargate CPU units (256 = 0.25 vCPU); must pair with memoryMiB per the Fargate size table. */
  readonly cpu: number;
  readonly memoryMiB: number;
  /** Bounds for autoscaling. */
  readonly minTasks: number;
  readonly maxTasks: number;
}

export interface ApiProfile extends ServiceProfile {
  /** Average CPU (and memory) utilisation autoscaling aims for, in percent. */
  readonly targetUtilizationPercent: number;
  /** ALB requests per target autoscaling aims for, per minute. */
  readonly requestsPerTarget: number;
}

export interface WorkerProfile extends ServiceProfile {
  /** Queued messages per running worker task that autoscaling aims for. */
  readonly backlogPerTask: number;
}

/** The load balancer's ingress modes, or no load balancer: an API Gateway HTTP API. */
export const API_INGRESS = [...INGRESS_MODES, 'http-api'] as const;
export type ApiIngress = (typeof API_INGRESS)[number];

export interface AppProfile {
  readonly capacity: CapacityProfile;
  readonly api: ApiProfile;
  readonly worker: WorkerProfile;
  /**
   * How requests reach the API at `api.<domain>`:
   * - `internet`: an Application Load Balancer admitting 443 and 80 from anywhere (about $26 a
   *   month with its public addresses, before traffic);
   * - `cloudfront`: the same load balancer, admitting 443 from CloudFront only;
   * - `http-api`: no load balancer: an API Gateway HTTP API with a VPC link to the tasks' Cloud
   *   Map entry (nothing at idle, about $1 per million requests). It has no WAF, no target health
   *   checks (ECS's container health check and the deployment circuit breaker replace them), buffers
   *   responses (chat answers arrive whole, not streamed) and gives up after 30 s, and autoscaling
   *   follows CPU and memory only (`api.requestsPerTarget` is unused). Not for production
   *   (decision 0026).
   */
  readonly apiIngress: ApiIngress;
  /** Refuse deletion of the load balancer (unused with `http-api`: there is none). */
  readonly deletionProtection: boolean;
  /**
   * A WAF web ACL in front of the load balancer (about $11 a month plus requests and logs). The
   * audit refuses a production stack without one (docs/audit.md). An HTTP API cannot have one.
   */
  readonly waf: boolean;
  /**
   * ECS Container Insights on the cluster (about $0.30 a month per metric: 8 per cluster, 11 per
   * service, 6 per task family). Off, the cluster still has the free service-level CPU and memory
   * metrics (AWS/ECS, alarmed on), container logs and, with `tracing`, X-Ray traces; the worker's
   * backlog autoscaling counts workers by their own queue-depth reports instead of
   * RunningTaskCount. On adds per-task CPU, memory, network and storage metrics and the task-count
   * metrics (decision 0025).
   */
  readonly containerInsights: boolean;
  /** Allow `aws ecs execute-command` into running tasks. */
  readonly ecsExec: boolean;
  /** Run an AWS Distro for OpenTelemetry collector sidecar that sends traces to X-Ray. */
  readonly tracing: boolean;
  /** Images each ECR repository keeps; older ones expire. */
  readonly imagesToKeep: number;
}

export interface EnvironmentProfile {
  /** Short name used in stack ids (`dev-network`), resource names and tags: `[a-z][a-z0-9]{1,11}`. */
  readonly name: string;
  /** `production` requires the data-protection settings (see validateProfile). */
  readonly stage: Stage;
  /** AWS region every regional resource of the environment lives in. */
  readonly region: string;
  /** Days CloudWatch keeps the environment's logs (flow logs, containers). */
  readonly logRetentionDays: number;
  readonly network: NetworkProfile;
  readonly edge: EdgeProfile;
  readonly data: DataProfile;
  readonly app: AppProfile;
}
