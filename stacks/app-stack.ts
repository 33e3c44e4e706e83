import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { justifyCheck } from '@skyport/modules/audit';
import { AlertTopic } from '@skyport/modules/alerts';
import { awsContext } from '@skyport/modules/aws-context';
import { ContainerRepository } from '@skyport/modules/container-registry';
import { EmailIdentity } from '@skyport/modules/email-identity';
import { GeneratedSecret } from '@skyport/modules/generated-secret';
import { CLIENT_ADDRESS_HEADER, HttpApi } from '@skyport/modules/http-api';
import { LoadBalancer } from '@skyport/modules/load-balancer';
import {
  FargateService,
  TaskDefinition,
  type ContainerDependency,
  type ContainerSpec,
  type FargateServiceProps,
} from '@skyport/modules/service';
import { DataResource, Fn, TerraformOutput, Token } from 'cdktf';
import { type Construct } from 'constructs';
import { API_HEALTH_CHECK, API_PORT, COMMANDS } from './app-contract';
import {
  OTLP_ENDPOINT,
  otelCollector,
  queueBacklogPerTask,
  runtimeSettings,
  taskPermissions,
} from './app-runtime';
import { applicationAlarms, type ApiEntry } from './app-alarms';
import type { DataStack } from './data-stack';
import { embeddedDataSidecars } from './embedded-data';
import { EnvironmentStack, type EnvironmentStackProps } from './environment-stack';
import type { NetworkStack } from './network-stack';
import { declareVariable } from './variables';

export interface AppStackProps extends EnvironmentStackProps {
  readonly network: NetworkStack;
  readonly data: DataStack;
}

/**
 * `<env>-app`: the ECR repository, the ECS cluster (Fargate and Fargate Spot), the API at
 * `api.<domain>` behind an HTTPS load balancer or, with `apiIngress: 'http-api'`, an API Gateway
 * HTTP API with a VPC link to the tasks' Cloud Map entry, the RabbitMQ worker scaled on queue backlog, the
 * migration task the apply runs before the services change, autoscaling, and alarms to an
 * encrypted SNS topic.
 */
export class AppStack extends EnvironmentStack {
  readonly repository: ContainerRepository;
  readonly cluster: EcsCluster;
  /** The API's entry unless the profile's `apiIngress` is `http-api`. */
  readonly loadBalancer?: LoadBalancer;
  /** The API's entry when the profile's `apiIngress` is `http-api`. */
  readonly httpApi?: HttpApi;
  readonly api: FargateService;
  readonly apiTask: TaskDefinition;
  readonly worker?: FargateService;
  readonly workerTask?: TaskDefinition;
  readonly migrationTask?: TaskDefinition;
  readonly alerts: AlertTopic;
  /** The HMAC key of the API's access tokens (`AUTH_TOKEN_SECRET`), generated at the first apply. */
  readonly authTokenSecret: GeneratedSecret;

  constructor(scope: Construct, props: AppStackProps) {
    super(scope, 'app', props);
    const { profile, network, data } = props;
    const { app } = profile;
    const name = `skyport-${profile.name}`;
    const embedded = profile.data.mode === 'embedded';
    const domainName = declareVariable(this, 'domain_name').stringValue;
    const hostedZoneId = declareVariable(this, 'hosted_zone_id').stringValue;
    const alertEmail = declareVariable(this, 'alert_email').stringValue;
    const imageTag = declareVariable(this, 'image_tag').stringValue;
    const modelId = declareVariable(this, 'bedrock_model_id').stringValue;
    const ownerEmail = declareVariable(this, 'owner_email').stringValue;
    const { accountId, partition, region } = awsContext(this);
    const keyArn = network.key.arn;

    this.repository = new ContainerRepository(this, 'api-repository', {
      name: `${name}/api`,
      imagesToKeep: app.imagesToKeep,
      kmsKeyArn: keyArn,
    });
    const image = `${this.repository.url}:${imageTag}`;

    this.cluster = new EcsCluster(this, 'cluster', {
      name,
      setting: [
        { name: 'containerInsights', value: app.containerInsights ? 'enabled' : 'disabled' },
      ],
    });
    if (!app.containerInsights) {
      justifyCheck(this.cluster, {
        check: 'CKV_AWS_65',
        because: 'design',
        reason:
          "Container Insights off (profile app.containerInsights, decision 0025): service CPU and memory come from the free AWS/ECS metrics with alarms on both, container output from the CloudWatch log groups, worker counts for autoscaling from the workers' own queue-depth reports; per-task metrics are one profile setting away",
      });
    }
    const capacityProviders = new EcsClusterCapacityProviders(this, 'capacity-providers', {
      clusterName: this.cluster.name,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    });

    // Without NAT, tasks live in the public tier with public IPs; their security group still
    // admits nothing but the load balancer.
    const tasksInPublicSubnets = profile.network.natMode === 'none';
    const taskSubnets = network.network.subnetIds(tasksInPublicSubnets ? 'public' : 'private');
    const appSecurityGroupId = network.appSecurityGroup.id;
    const egress = this.allowTaskEgress(appSecurityGroupId, data, embedded);
    // A capacity provider strategy may name only providers already attached to the cluster, and
    // a task started before its egress rules exist cannot pull its image or reach the database.
    const runnable = [capacityProviders, ...egress];

    let entry: ApiEntry;
    if (app.apiIngress === 'http-api') {
      this.httpApi = new HttpApi(this, 'api-http-api', {
        name: `${name}-api`,
        vpcId: network.network.vpc.id,
        subnetIds: taskSubnets,
        domainName: `api.${domainName}`,
        hostedZoneId,
        targetPort: API_PORT,
        targetSecurityGroupId: appSecurityGroupId,
        logKmsKeyArn: keyArn,
        accessLogRetentionDays: profile.logRetentionDays,
      });
      entry = { httpApi: this.httpApi };
    } else {
      this.loadBalancer = new LoadBalancer(this, 'api-load-balancer', {
        name: `${name}-api`,
        vpcId: network.network.vpc.id,
        subnetIds: network.network.subnetIds('public'),
        domainName: `api.${domainName}`,
        hostedZoneId,
        targetPort: API_PORT,
        targetSecurityGroupId: appSecurityGroupId,
        deletionProtection: app.deletionProtection,
        webAcl: app.waf,
        ingress: app.apiIngress,
        accessLogRetentionDays: profile.logRetentionDays,
        // Below the API container's stop timeout, so deregistration finishes in-flight requests.
        deregistrationDelaySeconds: 30,
      });
      entry = { loadBalancer: this.loadBalancer };
    }

    // Generated by Secrets Manager at the first apply: the value never enters the synthesized JSON.
    this.authTokenSecret = new GeneratedSecret(this, 'auth-token-secret', {
      namePrefix: `${name}-auth-token-secret-`,
      description: `HMAC key of the ${name} API's access tokens (AUTH_TOKEN_SECRET)`,
      kmsKeyArn: keyArn,
      passwordLength: 64,
    });
    justifyCheck(this.authTokenSecret.secret, {
      check: 'CKV2_AWS_57',
      because: 'design',
      reason:
        'ECS injects the key once at task start, so a Secrets Manager schedule would change it without reaching running tasks, and tasks started after it would reject the tokens older tasks sign; rotation is a planned apply -replace of the secret version followed by a new deployment of both services (docs/runbook.md)',
    });
    const runtime = runtimeSettings(data.endpoints, {
      domainName,
      modelId,
      region,
      ownerEmail,
      authTokenSecret: {
        arn: this.authTokenSecret.arn,
        valueFrom: this.authTokenSecret.valueFrom('password'),
      },
    });
    // Only the processes that run beside a collector are told where to send traces; the profile
    // name is their spans' deployment.environment.name (the worker has it anyway, for its metric).
    // The worker e-mails each contact message to the owner through SES, from this domain.
    const contactMail = new EmailIdentity(this, 'contact-mail', { domainName, hostedZoneId });
    const notifyFrom = `notifications@${domainName}`;
    const sendContactMail = contactMail.sendFrom(notifyFrom);
    const traced: Record<string, string> = app.tracing
      ? { OTEL_EXPORTER_OTLP_ENDPOINT: OTLP_ENDPOINT, METRICS_ENVIRONMENT: profile.name }
      : {};
    const sidecars: ContainerSpec[] = app.tracing ? [otelCollector()] : [];
    // Started after the collector, so stopped before it (ECS reverses the order): the spans the
    // app flushes on SIGTERM still find the collector listening.
    const afterCollector: ContainerDependency[] = app.tracing
      ? [{ containerName: 'otel-collector', condition: 'START' }]
      : [];
    const permissions = taskPermissions({
      partition,
      region,
      accountId,
      clusterName: name,
      keyArn,
      modelId,
      tracing: app.tracing,
      // RDS rotates its managed secret weekly; embedded credentials never rotate.
      rotatedDatabaseSecretArn: embedded ? undefined : data.endpoints.postgres.secretArn,
    });
    const {
      bedrock,
      databaseCredentials,
      taskProtection,
      tracing: tracingStatements,
    } = permissions;
    const taskDefinition = (
      id: string,
      cpu: number,
      memoryMiB: number,
      containers: ContainerSpec[],
      statements: DataAwsIamPolicyDocumentStatement[],
    ) =>
      new TaskDefinition(this, `${id}-task`, {
        family: `${name}-${id}`,
        cpu,
        memoryMiB,
        containers,
        logGroupName: `/skyport/${profile.name}/${id}`,
        logRetentionDays: profile.logRetentionDays,
        logKmsKeyArn: keyArn,
        imageRepositoryArns: [this.repository.arn],
        secretArns: runtime.secretArns,
        secretsKmsKeyArn: keyArn,
        taskPolicyStatements: statements,
        enableExecuteCommand: app.ecsExec,
      });
    // An HTTP API sends no X-Forwarded-For; it writes the client's address in its own header.
    const clientAddress: Record<string, string> =
      'httpApi' in entry ? { CLIENT_ADDRESS_HEADER } : {};
    const apiContainer: ContainerSpec = {
      name: 'api',
      image,
      command: [...COMMANDS.api],
      port: API_PORT,
      environment: { ...runtime.environment, ...traced, ...clientAddress },
      secrets: runtime.secrets,
      dependsOn: afterCollector,
      healthCheck: { command: API_HEALTH_CHECK, startPeriodSeconds: 30 },
      // Finish in-flight requests after SIGTERM; the load balancer has stopped sending by then.
      stopTimeoutSeconds: 60,
    };
    const workerContainer: ContainerSpec = {
      name: 'worker',
      image,
      command: [...COMMANDS.worker],
      environment: {
        ...runtime.environment,
        ...traced,
        METRICS_ENVIRONMENT: profile.name,
        NOTIFY_EMAIL_FROM: notifyFrom,
        SES_REGION: region,
      },
      secrets: runtime.secrets,
      dependsOn: afterCollector,
      // Spot's notice is two minutes: let the message in hand finish (Fargate's maximum).
      stopTimeoutSeconds: 120,
    };
    const migrateContainer: ContainerSpec = {
      name: 'migrate',
      image,
      command: [...COMMANDS.migrate],
      environment: runtime.environment,
      secrets: runtime.secrets,
    };

    if (embedded) {
      // One task holds everything: the data sidecars are reachable on its localhost only, so the
      // worker and the migration run beside the API (the migration as an init container).
      const local = embeddedDataSidecars(data.endpoints);
      this.apiTask = taskDefinition(
        'api',
        app.api.cpu,
        app.api.memoryMiB,
        [
          {
            ...apiContainer,
            dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }, ...afterCollector],
          },
          {
            ...workerContainer,
            dependsOn: [
              { containerName: 'migrate', condition: 'SUCCESS' },
              ...local.ready,
              ...afterCollector,
            ],
          },
          { ...migrateContainer, essential: false, dependsOn: local.ready },
          ...local.containers,
          ...sidecars,
        ],
        [bedrock, taskProtection, sendContactMail, ...tracingStatements],
      );
    } else {
      this.apiTask = taskDefinition(
        'api',
        app.api.cpu,
        app.api.memoryMiB,
        [apiContainer, ...sidecars],
        [bedrock, ...databaseCredentials, ...tracingStatements],
      );
      this.workerTask = taskDefinition(
        'worker',
        app.worker.cpu,
        app.worker.memoryMiB,
        [workerContainer, ...sidecars],
        [taskProtection, sendContactMail, ...databaseCredentials, ...tracingStatements],
      );
      this.migrationTask = taskDefinition(
        'migrate',
        256,
        512,
        [migrateContainer],
        databaseCredentials,
      );
    }

    // The apply runs the migration task (and waits for it) before it touches the services, so new
    // code never meets an old schema. A new image tag means a new task definition, so a new run.
    const migrations = this.migrationTask
      ? new DataResource(this, 'run-migrations', {
          dependsOn: runnable,
          triggersReplace: { taskDefinition: this.migrationTask.taskDefinition.arn },
          provisioners: [
            {
              type: 'local-exec',
              interpreter: ['bash', '-c'],
              // cdktf.out/stacks/<stack> is three levels below the repository root.
              command: '../../../scripts/run-migration.sh',
              // Remote-state values are sensitive to Terraform, which would then hide the script's
              // output, failure message included; none of these is a secret.
              environment: {
                CLUSTER: this.cluster.name,
                TASK_DEFINITION: this.migrationTask.taskDefinition.arn,
                SUBNETS: Token.asString(Fn.nonsensitive(Fn.join(',', taskSubnets))),
                SECURITY_GROUPS: Token.asString(Fn.nonsensitive(appSecurityGroupId)),
                ASSIGN_PUBLIC_IP: tasksInPublicSubnets ? 'ENABLED' : 'DISABLED',
                AWS_REGION: region,
              },
            },
          ],
        })
      : undefined;

    const service = (
      id: 'api' | 'worker',
      task: TaskDefinition,
      bounds: { minTasks: number; maxTasks: number },
      extra: Pick<FargateServiceProps, 'loadBalancer' | 'serviceRegistry' | 'dependsOn'>,
    ) =>
      new FargateService(this, id, {
        name: `${name}-${id}`,
        clusterArn: this.cluster.arn,
        clusterName: this.cluster.name,
        taskDefinition: task,
        subnetIds: taskSubnets,
        securityGroupIds: [appSecurityGroupId],
        assignPublicIp: tasksInPublicSubnets,
        capacity: app.capacity,
        minTasks: bounds.minTasks,
        maxTasks: bounds.maxTasks,
        loadBalancer: extra.loadBalancer,
        serviceRegistry: extra.serviceRegistry,
        dependsOn: [...runnable, ...(migrations ? [migrations] : []), ...(extra.dependsOn ?? [])],
      });
    // Embedded data lives in the task: a second task would be a second, empty database.
    // Embedded data lives in the task: a second task would be a second, empty database.
    this.api = service(
      'api',
      this.apiTask,
      embedded ? { minTasks: 1, maxTasks: 1 } : app.api,
      'loadBalancer' in entry
        ? {
            loadBalancer: {
              targetGroupArn: entry.loadBalancer.targetGroup.arn,
              containerName: 'api',
              containerPort: API_PORT,
              healthCheckGracePeriodSeconds: 60,
            },
            dependsOn: [entry.loadBalancer.httpsListener],
          }
        : {
            serviceRegistry: {
              registryArn: entry.httpApi.discoveryService.arn,
              containerName: 'api',
              containerPort: API_PORT,
            },
          },
    );
    if (!embedded) {
      this.api.scaleOnCpu(app.api.targetUtilizationPercent);
      this.api.scaleOnMemory(app.api.targetUtilizationPercent);
      // An HTTP API has no per-target request count; CPU and memory carry the scaling alone.
      if ('loadBalancer' in entry) {
        this.api.scaleOnRequestCount(
          entry.loadBalancer.requestCountResourceLabel,
          app.api.requestsPerTarget,
        );
      }
    }

    if (this.workerTask) {
      const worker = service('worker', this.workerTask, app.worker, {});
      this.worker = worker;
      worker.scaleOnMetric('queue-backlog', {
        targetValue: app.worker.backlogPerTask,
        metrics: queueBacklogPerTask(profile.name, name, worker.name, app.containerInsights),
        // Scale out fast on a burst; scale in slowly, tasks protect themselves while they work.
        scaleOutCooldown: 60,
        scaleInCooldown: 300,
      });
    }

    this.alerts = new AlertTopic(this, 'alerts', {
      name: `${name}-alerts`,
      kmsKeyArn: keyArn,
      email: alertEmail,
    });
    applicationAlarms(this.alerts, {
      name,
      clusterName: this.cluster.name,
      services: { api: this.api.name, worker: this.worker?.name },
      postgresInstanceClass: profile.data.postgres.instanceClass,
      entry,
      data,
      environment: profile.name,
    });

    new TerraformOutput(this, 'repository_url', {
      value: this.repository.url,
      description: 'Push the API image here, tagged with the git SHA, then apply with image_tag',
    });
    new TerraformOutput(this, 'cluster_name', { value: this.cluster.name });
    new TerraformOutput(this, 'api_url', { value: `https://api.${domainName}` });
  }

  /**
   * What the tasks may reach: HTTPS anywhere (ECR, AWS APIs, Bedrock) and, with managed data,
   * each data service on its own port only. Embedded data is on the task's localhost.
   */
  private allowTaskEgress(
    securityGroupId: string,
    data: DataStack,
    embedded: boolean,
  ): VpcSecurityGroupEgressRule[] {
    const https = new VpcSecurityGroupEgressRule(this, 'tasks-to-https', {
      securityGroupId,
      description: 'HTTPS to AWS APIs, ECR and Bedrock',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
    });
    if (embedded) return [https];
    const rules = [https];
    const targets = [
      ['postgres', data.postgres?.securityGroup.id, data.postgres?.port],
      ['redis', data.cache?.securityGroup.id, data.cache?.port],
      ['rabbitmq', data.broker?.securityGroup.id, data.broker?.port],
    ] as const;
    for (const [service, groupId, port] of targets) {
      if (!groupId || port === undefined) continue;
      rules.push(
        new VpcSecurityGroupEgressRule(this, `tasks-to-${service}`, {
          securityGroupId,
          description: `${service} in the data tier`,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          referencedSecurityGroupId: groupId,
        }),
      );
    }
    return rules;
  }
}
