/** The load balancer, Fargate services and one-off tasks, Container Insights, and image storage. */
import { amount, plural, text, type Resource, type StackPricing } from '../stack-pricing';

export const COMPUTE_TYPES = [
  'aws_lb',
  'aws_ecs_service',
  'aws_ecs_task_definition',
  'aws_ecs_cluster',
  'aws_ecr_repository',
] as const;

export function priceCompute(p: StackPricing): void {
  priceLoadBalancers(p);
  const families = priceServices(p);
  priceContainerInsights(p, families);
  priceImages(p);
}

function priceLoadBalancers(p: StackPricing): void {
  const { assumptions: a } = p;
  for (const lb of p.resources('aws_lb')) {
    const type = text(lb.body, 'load_balancer_type', 'application');
    if (type !== 'application') {
      p.markUnpriced(
        lb.address,
        `a ${type} load balancer: only application load balancers are priced`,
      );
      continue;
    }
    p.charge({
      category: 'Load balancer',
      item: 'hours',
      detail: `1 ALB × ${p.hours} h`,
      quantity: p.hours,
      priceKey: 'alb.hour',
      addresses: [lb.address],
    });
    // An LCU is 25 new connections a second or 1 GB an hour to ECS targets; the larger dimension
    // is billed. Each request is taken as a new connection (no keep-alive): the dearer reading.
    const seconds = p.hours * 3600;
    const byConnections = a.apiRequestsPerMonth / seconds / 25;
    const byBytes = a.apiDataOutGb / p.hours;
    const lcu = Math.max(byConnections, byBytes);
    p.charge({
      category: 'Load balancer',
      item: 'LCU',
      detail: `${amount(lcu)} LCU on average (apiRequestsPerMonth, apiDataOutGb) × ${p.hours} h`,
      quantity: lcu * p.hours,
      priceKey: 'alb.lcu',
      addresses: [lb.address],
    });
    if (lb.body.internal !== true) {
      const azs = Array.isArray(lb.body.subnets)
        ? lb.body.subnets.length
        : Array.isArray(lb.body.subnet_mapping)
          ? lb.body.subnet_mapping.length
          : 1;
      p.charge({
        category: 'Public IPv4',
        item: 'load balancer addresses',
        detail: `${plural(azs, 'address', 'addresses')} (one per AZ) × ${p.hours} h`,
        quantity: azs * p.hours,
        priceKey: 'ipv4.hour',
        addresses: [lb.address],
      });
      p.charge({
        category: 'Data transfer',
        item: 'API responses to the internet',
        detail: `${amount(a.apiDataOutGb)} GB (apiDataOutGb)`,
        quantity: a.apiDataOutGb,
        priceKey: 'dataTransfer.internetOut',
        addresses: [lb.address],
      });
    }
  }
}

interface TaskSize {
  readonly vcpu: number;
  readonly gb: number;
  readonly arch: 'arm64' | 'x86_64';
}

function taskSize(definition: Resource): TaskSize {
  const platform = definition.body.runtime_platform as { cpu_architecture?: string } | undefined;
  return {
    vcpu: Number(definition.body.cpu) / 1024,
    gb: Number(definition.body.memory) / 1024,
    arch: platform?.cpu_architecture === 'ARM64' ? 'arm64' : 'x86_64',
  };
}

interface Strategy {
  readonly capacity_provider: string;
  readonly base?: number;
  readonly weight?: number;
}

/** Tasks on Spot out of `tasks`, following the capacity provider strategy (or the spotShare assumption). */
export function spotTasks(
  tasks: number,
  strategy: readonly Strategy[],
  spotShare: number | 'strategy',
): number {
  if (strategy.length === 0) return 0;
  const base = strategy.find((s) => (s.base ?? 0) > 0);
  const baseTasks = Math.min(tasks, base?.base ?? 0);
  const rest = tasks - baseTasks;
  const weight = (provider: string) =>
    strategy
      .filter((s) => s.capacity_provider === provider)
      .reduce((sum, s) => sum + (s.weight ?? 0), 0);
  const spotWeight = weight('FARGATE_SPOT');
  const allWeight = spotWeight + weight('FARGATE');
  const share =
    spotShare === 'strategy' ? (allWeight === 0 ? 0 : spotWeight / allWeight) : spotShare;
  return (base?.capacity_provider === 'FARGATE_SPOT' ? baseTasks : 0) + rest * share;
}

/**
 * The tasks a service runs by the taskCount assumption: its scaling target's min or max, or its
 * desired count (also when it has no scaling target).
 */
export function taskCount(p: StackPricing, service: Resource): number {
  const target = p
    .resources('aws_appautoscaling_target')
    .find((t) => text(t.body, 'resource_id', '').includes(`aws_ecs_service.${service.name}.`));
  const desired = Number(service.body.desired_count ?? 1);
  switch (p.assumptions.taskCount) {
    case 'min':
      return Number(target?.body.min_capacity ?? desired);
    case 'max':
      return Number(target?.body.max_capacity ?? desired);
    case 'desired':
      return desired;
  }
}

/** Returns the task definition families the services run (for Container Insights). */
function priceServices(p: StackPricing): number {
  const { assumptions: a } = p;
  const used = new Set<string>();
  for (const service of p.resources('aws_ecs_service')) {
    const definition = p.referenced(service.body.task_definition, 'aws_ecs_task_definition');
    if (!definition) {
      p.markUnpriced(
        service.address,
        'its task definition is not in this stack, so its size is unknown',
      );
      continue;
    }
    used.add(definition.name);
    const tasks = taskCount(p, service);
    const strategy = (service.body.capacity_provider_strategy as Strategy[] | undefined) ?? [];
    const spot = spotTasks(tasks, strategy, a.spotShare);
    const label = serviceLabel(service);
    const size = taskSize(definition);
    const spotFraction = tasks === 0 ? 0 : spot / tasks;
    const factor = 1 - spotFraction * a.spotDiscount;
    const mix =
      spotFraction === 0
        ? 'on-demand'
        : `${amount(spotFraction * 100)}% Spot at ${amount(a.spotDiscount * 100)}% off`;
    const addresses = [service.address, definition.address];
    p.charge({
      category: 'Fargate',
      item: `${label} vCPU`,
      detail: `${plural(tasks, 'task')} (taskCount=${a.taskCount}) × ${amount(size.vcpu)} vCPU × ${p.hours} h, ${size.arch}, ${mix}`,
      quantity: tasks * size.vcpu * p.hours,
      priceKey: `fargate.${size.arch}.vcpu`,
      factor,
      addresses,
    });
    p.charge({
      category: 'Fargate',
      item: `${label} memory`,
      detail: `${plural(tasks, 'task')} × ${amount(size.gb)} GB × ${p.hours} h, ${size.arch}, ${mix}`,
      quantity: tasks * size.gb * p.hours,
      priceKey: `fargate.${size.arch}.gb`,
      factor,
      addresses,
    });
    const network = service.body.network_configuration as
      { assign_public_ip?: boolean } | undefined;
    if (network?.assign_public_ip === true) {
      p.charge({
        category: 'Public IPv4',
        item: `${label} task addresses`,
        detail: `${plural(tasks, 'task')} with a public IP × ${p.hours} h`,
        quantity: tasks * p.hours,
        priceKey: 'ipv4.hour',
        addresses: [service.address],
      });
    }
  }
  for (const definition of p.resources('aws_ecs_task_definition')) {
    if (used.has(definition.name)) continue;
    const size = taskSize(definition);
    const label = definition.name.replace(/_.*$/, '').replace(/-task$/, '');
    const hours = a.oneOffTaskHoursPerMonth;
    const detail = `${amount(hours)} h a month (oneOffTaskHoursPerMonth), ${size.arch}, on-demand`;
    p.charge({
      category: 'Fargate',
      item: `${label} one-off vCPU`,
      detail: `${amount(size.vcpu)} vCPU × ${detail}`,
      quantity: size.vcpu * hours,
      priceKey: `fargate.${size.arch}.vcpu`,
      addresses: [definition.address],
    });
    p.charge({
      category: 'Fargate',
      item: `${label} one-off memory`,
      detail: `${amount(size.gb)} GB × ${detail}`,
      quantity: size.gb * hours,
      priceKey: `fargate.${size.arch}.gb`,
      addresses: [definition.address],
    });
  }
  return used.size;
}

function serviceLabel(service: Resource): string {
  const name = service.body.name;
  if (typeof name === 'string' && !name.includes('${')) return name;
  return service.name.replace(/_service.*$/, '').replace(/_[0-9A-F]{8}$/, '');
}

function priceContainerInsights(p: StackPricing, families: number): void {
  const { assumptions: a } = p;
  for (const cluster of p.resources('aws_ecs_cluster')) {
    const settings =
      (cluster.body.setting as Array<{ name?: string; value?: string }> | undefined) ?? [];
    const insights = settings.find((s) => s.name === 'containerInsights')?.value;
    if (insights !== 'enabled' && insights !== 'enhanced') {
      p.noCharge('ECS', 'cluster', 'an ECS cluster costs nothing; Container Insights is off', [
        cluster.address,
      ]);
      continue;
    }
    const services = p.resources('aws_ecs_service').length;
    const metrics =
      a.insightsMetricsPerCluster +
      services * a.insightsMetricsPerService +
      families * a.insightsMetricsPerTaskFamily;
    p.charge({
      category: 'CloudWatch',
      item: 'Container Insights metrics',
      detail: `${insights}: ${a.insightsMetricsPerCluster} per cluster + ${plural(services, 'service')} × ${a.insightsMetricsPerService} + ${plural(families, 'task family', 'task families')} × ${a.insightsMetricsPerTaskFamily}${insights === 'enhanced' ? ' (enhanced adds task and container metrics not counted here)' : ''}`,
      quantity: metrics,
      priceKey: 'cloudwatch.metric',
      addresses: [cluster.address],
    });
  }
}

function priceImages(p: StackPricing): void {
  const policies = p.resources('aws_ecr_lifecycle_policy');
  for (const repository of p.resources('aws_ecr_repository')) {
    const policy = policies.find((r) =>
      text(r.body, 'repository', '').includes(`aws_ecr_repository.${repository.name}.`),
    );
    const kept = imagesKept(policy?.body.policy);
    if (kept === undefined) {
      p.markUnpriced(
        repository.address,
        'no lifecycle policy caps its images, so its storage grows without bound',
      );
      continue;
    }
    p.charge({
      category: 'ECR',
      item: 'image storage',
      detail: `${plural(kept, 'image')} kept (lifecycle policy) × ${amount(p.assumptions.ecrImageGb)} GB (ecrImageGb)`,
      quantity: kept * p.assumptions.ecrImageGb,
      priceKey: 'ecr.gbMonth',
      addresses: [repository.address],
    });
  }
}

function imagesKept(policy: unknown): number | undefined {
  if (typeof policy !== 'string') return undefined;
  try {
    const rules =
      (
        JSON.parse(policy) as {
          rules?: Array<{ selection?: { countType?: string; countNumber?: number } }>;
        }
      ).rules ?? [];
    const counts = rules
      .filter((r) => r.selection?.countType === 'imageCountMoreThan')
      .map((r) => r.selection?.countNumber ?? 0);
    return counts.length > 0 ? Math.max(...counts) : undefined;
  } catch {
    return undefined;
  }
}
