import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { AlertTopic } from '@skyport/modules/alerts';
import { awsContext } from '@skyport/modules/aws-context';
import { ContainerRepository } from '@skyport/modules/container-registry';
import { EmailIdentity } from '@skyport/modules/email-identity';
import type { GeneratedSecret } from '@skyport/modules/generated-secret';
import type { HttpApi } from '@skyport/modules/http-api';
import type { LoadBalancer } from '@skyport/modules/load-balancer';
import {
  FargateService,
  TaskDefinition,
  type ContainerSpec,
  type FargateServiceProps,
  type TaskDefinitionProps,
} from '@skyport/modules/service';
import { DataResource, Fn, TerraformOutput, Token, type ITerraformDependable } from 'cdktf';
import { type Construct } from 'constructs';
import { applicationAlarms, type ApiEntry } from './app-alarms';
import { apiEntry } from './app-api-entry';
import { appContainers, embeddedTaskContainers } from './app-containers';
import { API_PORT } from './app-contract';
import { declareAppInputs, type AppInputs } from './app-inputs';
import { queueBacklogPerTask } from './app-runtime';
import { sharedRuntime, type SharedRuntime } from './app-shared-runtime';
import type { DataStack } from './data-stack';
import { embeddedDataSidecars } from './embedded-data';
import { EnvironmentStack, type EnvironmentStackProps } from './environment-stack';
import type { NetworkStack } from './network-stack';

type Statements = DataAwsIamPolicyDocumentStatement[];

/** A process of the app: its task definition and the service that keeps it running. */
interface Workload {
  readonly task: TaskDefinition;
  readonly service: FargateService;
}

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
 *
 * The constructor reads as the list of workloads: the shared runtime (app-shared-runtime.ts), the
 * API's entry (app-api-entry.ts), then the API, the worker and the migrations (the methods below,
 * their containers in app-containers.ts), then the alarms.
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
    const inputs = declareAppInputs(this);
    const aws = awsContext(this);
    this.repository = new ContainerRepository(this, 'api-repository', {
      name: `skyport-${profile.name}/api`,
      imagesToKeep: profile.app.imagesToKeep,
      kmsKeyArn: network.key.arn,
    });

    const runtime = sharedRuntime(this, { profile, network, data, inputs, aws });
    this.cluster = runtime.cluster;
    this.authTokenSecret = runtime.authTokenSecret;
    const entry = apiEntry(this, { profile, network, inputs, runtime });
    if ('httpApi' in entry) this.httpApi = entry.httpApi;
    else this.loadBalancer = entry.loadBalancer;

    const mail = this.contactMail(inputs);
    const containers = appContainers({
      image: `${this.repository.url}:${inputs.imageTag}`,
      runtime,
      entry,
      environment: profile.name,
      notifyFrom: mail.from,
      region: aws.region,
    });
    const { bedrock, databaseCredentials, taskProtection, tracing } = runtime.permissions;
    const { sidecars } = runtime.tracing;

    if (profile.data.mode === 'embedded') {
      const local = embeddedDataSidecars(data.endpoints);
      const api = this.apiWorkload(
        runtime,
        entry,
        embeddedTaskContainers(containers, local, runtime.tracing),
        [bedrock, taskProtection, mail.statement, ...tracing],
        [],
      );
      [this.apiTask, this.api] = [api.task, api.service];
    } else {
      const migrations = this.migrations(runtime, containers.migrate);
      this.migrationTask = migrations.task;
      const api = this.apiWorkload(
        runtime,
        entry,
        [containers.api, ...sidecars],
        [bedrock, ...databaseCredentials, ...tracing],
        [migrations.run],
      );
      [this.apiTask, this.api] = [api.task, api.service];
      const worker = this.workerWorkload(
        runtime,
        [containers.worker, ...sidecars],
        [taskProtection, mail.statement, ...databaseCredentials, ...tracing],
        [migrations.run],
      );
      [this.workerTask, this.worker] = [worker.task, worker.service];
    }

    this.alerts = this.alarms(runtime, inputs, entry, data);
    new TerraformOutput(this, 'repository_url', {
      value: this.repository.url,
      description: 'Push the API image here, tagged with the git SHA, then apply with image_tag',
    });
    new TerraformOutput(this, 'cluster_name', { value: this.cluster.name });
    new TerraformOutput(this, 'api_url', { value: `https://api.${inputs.domainName}` });
  }

  /**
   * The API: its task (with embedded data the only task, which also holds the worker, the
   * migration and the data sidecars) and its service behind the entry, scaled on CPU, memory and
   * (behind a load balancer) requests per target. Embedded data lives in the task: a second task
   * would be a second, empty database.
   */
  private apiWorkload(
    runtime: SharedRuntime,
    entry: ApiEntry,
    containers: ContainerSpec[],
    statements: Statements,
    migrations: ITerraformDependable[],
  ): Workload {
    const { app } = this.profile;
    const embedded = this.profile.data.mode === 'embedded';
    const task = new TaskDefinition(
      this,
      'api-task',
      this.taskProps(runtime, 'api', app.api, containers, statements),
    );
    const behindEntry: Pick<FargateServiceProps, 'loadBalancer' | 'serviceRegistry'> =
      'loadBalancer' in entry
        ? {
            loadBalancer: {
              targetGroupArn: entry.loadBalancer.targetGroup.arn,
              containerName: 'api',
              containerPort: API_PORT,
              healthCheckGracePeriodSeconds: 60,
            },
          }
        : {
            serviceRegistry: {
              registryArn: entry.httpApi.discoveryService.arn,
              containerName: 'api',
              containerPort: API_PORT,
            },
          };
    const listener = 'loadBalancer' in entry ? [entry.loadBalancer.httpsListener] : [];
    const api = new FargateService(this, 'api', {
      ...this.serviceProps(runtime, 'api', task, embedded ? { minTasks: 1, maxTasks: 1 } : app.api),
      ...behindEntry,
      dependsOn: [...runtime.placement.prerequisites, ...migrations, ...listener],
    });
    if (!embedded) {
      api.scaleOnCpu(app.api.targetUtilizationPercent);
      api.scaleOnMemory(app.api.targetUtilizationPercent);
      // An HTTP API has no per-target request count; CPU and memory carry the scaling alone.
      if ('loadBalancer' in entry) {
        api.scaleOnRequestCount(
          entry.loadBalancer.requestCountResourceLabel,
          app.api.requestsPerTarget,
        );
      }
    }
    return { task, service: api };
  }

  /** The worker e-mails each contact message to the owner through SES, from this domain. */
  private contactMail(inputs: AppInputs): { from: string; statement: Statements[number] } {
    const { domainName, hostedZoneId } = inputs;
    const identity = new EmailIdentity(this, 'contact-mail', { domainName, hostedZoneId });
    const from = `notifications@${domainName}`;
    return { from, statement: identity.sendFrom(from) };
  }

  /** The RabbitMQ worker: its task, and its service scaled on the contact queue's backlog per task. */
  private workerWorkload(
    runtime: SharedRuntime,
    containers: ContainerSpec[],
    statements: Statements,
    migrations: ITerraformDependable[],
  ): Workload {
    const { app } = this.profile;
    const task = new TaskDefinition(
      this,
      'worker-task',
      this.taskProps(runtime, 'worker', app.worker, containers, statements),
    );
    const worker = new FargateService(this, 'worker', {
      ...this.serviceProps(runtime, 'worker', task, app.worker),
      dependsOn: [...runtime.placement.prerequisites, ...migrations],
    });
    worker.scaleOnMetric('queue-backlog', {
      targetValue: app.worker.backlogPerTask,
      metrics: queueBacklogPerTask(
        this.profile.name,
        runtime.name,
        worker.name,
        app.containerInsights,
      ),
      // Scale out fast on a burst; scale in slowly, tasks protect themselves while they work.
      scaleOutCooldown: 60,
      scaleInCooldown: 300,
    });
    return { task, service: worker };
  }

  /**
   * The migration task, and its run: the apply runs it (and waits for it) before it touches the
   * services, so new code never meets an old schema. A new image tag means a new task
   * definition, so a new run. With embedded data the API task migrates in an init container.
   */
  private migrations(
    runtime: SharedRuntime,
    container: ContainerSpec,
  ): { task: TaskDefinition; run: DataResource } {
    const task = new TaskDefinition(
      this,
      'migrate-task',
      this.taskProps(
        runtime,
        'migrate',
        { cpu: 256, memoryMiB: 512 },
        [container],
        runtime.permissions.databaseCredentials,
      ),
    );
    const { placement } = runtime;
    const run = new DataResource(this, 'run-migrations', {
      dependsOn: placement.prerequisites,
      triggersReplace: { taskDefinition: task.taskDefinition.arn },
      provisioners: [
        {
          type: 'local-exec',
          interpreter: ['bash', '-c'],
          // cdktf.out/stacks/<stack> is three levels below the repository root.
          command: '../../../scripts/run-migration.sh',
          // Remote-state values are sensitive to Terraform, which would then hide the script's
          // output, failure message included; none of these is a secret.
          environment: {
            CLUSTER: runtime.cluster.name,
            TASK_DEFINITION: task.taskDefinition.arn,
            SUBNETS: Token.asString(Fn.nonsensitive(Fn.join(',', placement.subnetIds))),
            SECURITY_GROUPS: Token.asString(Fn.nonsensitive(placement.securityGroupId)),
            ASSIGN_PUBLIC_IP: placement.publicSubnets ? 'ENABLED' : 'DISABLED',
            AWS_REGION: awsContext(this).region,
          },
        },
      ],
    });
    return { task, run };
  }

  /** Alarms on the API's entry, the services and every data service, to an encrypted topic. */
  private alarms(
    runtime: SharedRuntime,
    inputs: AppInputs,
    entry: ApiEntry,
    data: DataStack,
  ): AlertTopic {
    const alerts = new AlertTopic(this, 'alerts', {
      name: `${runtime.name}-alerts`,
      kmsKeyArn: runtime.keyArn,
      email: inputs.alertEmail,
    });
    applicationAlarms(alerts, {
      name: runtime.name,
      clusterName: runtime.cluster.name,
      services: { api: this.api.name, worker: this.worker?.name },
      postgresInstanceClass: this.profile.data.postgres.instanceClass,
      entry,
      data,
      environment: this.profile.name,
    });
    return alerts;
  }

  /** A task definition of the family `skyport-<env>-<family>`, logging to `/skyport/<env>/<family>`. */
  private taskProps(
    runtime: SharedRuntime,
    family: 'api' | 'worker' | 'migrate',
    size: { readonly cpu: number; readonly memoryMiB: number },
    containers: ContainerSpec[],
    statements: Statements,
  ): TaskDefinitionProps {
    const { profile } = this;
    return {
      family: `${runtime.name}-${family}`,
      cpu: size.cpu,
      memoryMiB: size.memoryMiB,
      containers,
      logGroupName: `/skyport/${profile.name}/${family}`,
      logRetentionDays: profile.logRetentionDays,
      logKmsKeyArn: runtime.keyArn,
      imageRepositoryArns: [this.repository.arn],
      secretArns: runtime.settings.secretArns,
      secretsKmsKeyArn: runtime.keyArn,
      taskPolicyStatements: statements,
      enableExecuteCommand: profile.app.ecsExec,
    };
  }

  /** A Fargate service named `skyport-<env>-<name>` in the cluster, where the tasks run. */
  private serviceProps(
    runtime: SharedRuntime,
    name: 'api' | 'worker',
    task: TaskDefinition,
    bounds: { readonly minTasks: number; readonly maxTasks: number },
  ): FargateServiceProps {
    const { placement } = runtime;
    return {
      name: `${runtime.name}-${name}`,
      clusterArn: runtime.cluster.arn,
      clusterName: runtime.cluster.name,
      taskDefinition: task,
      subnetIds: placement.subnetIds,
      securityGroupIds: [placement.securityGroupId],
      assignPublicIp: placement.publicSubnets,
      capacity: this.profile.app.capacity,
      minTasks: bounds.minTasks,
      maxTasks: bounds.maxTasks,
    };
  }
}
