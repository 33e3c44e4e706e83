import { createServer, request, type IncomingMessage, type Server } from 'node:http';

/** How the next service deployments end, as ECS would report them. */
export type DeploymentOutcome = 'SUCCESSFUL' | 'ROLLBACK_SUCCESSFUL';

export interface EcsCall {
  readonly action: string;
  readonly at: number;
  readonly body: Record<string, unknown>;
}

export interface EcsDeploymentsProxy {
  readonly endpoint: string;
  /** Every ECS action that passed through, in order, with when it arrived. */
  readonly calls: EcsCall[];
  outcome: DeploymentOutcome;
  close(): Promise<void>;
}

const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113.';

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * An HTTP proxy in front of moto that answers the two ECS calls moto 5.2 lacks and the AWS
 * provider's `wait_for_steady_state` makes (ListServiceDeployments, DescribeServiceDeployments),
 * with the outcome the test chooses, and forwards everything else. The provider matches a
 * deployment to the service's primary deployment id, which the proxy learns from the
 * DescribeServices answers passing through.
 */
export async function startEcsDeploymentsProxy(moto: string): Promise<EcsDeploymentsProxy> {
  const target = new URL(moto);
  const primary = new Map<string, string>();
  const state = {
    calls: [] as EcsCall[],
    outcome: 'SUCCESSFUL' as DeploymentOutcome,
  };
  // What ECS's circuit breaker does on a failed deployment: the service goes back to the task
  // definition it ran before, so the next plan sees the difference and rolls out again.
  const taskDefinitions = new Map<string, { cluster: string; history: string[] }>();
  const remember = (body: Record<string, unknown>) => {
    const named = body.service ?? body.serviceName;
    const name = typeof named === 'string' ? named : '';
    if (!name || typeof body.taskDefinition !== 'string') return;
    const entry = taskDefinitions.get(name) ?? { cluster: String(body.cluster), history: [] };
    entry.history.push(body.taskDefinition);
    taskDefinitions.set(name, entry);
  };
  const rollBack = async () => {
    for (const [service, { cluster, history }] of taskDefinitions) {
      const previous = history.at(-2);
      if (!previous || history.at(-1) === previous) continue;
      history.push(previous);
      await fetch(new URL('/', moto), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `${ECS_TARGET}UpdateService`,
          authorization:
            'AWS4-HMAC-SHA256 Credential=testing/20260101/eu-west-1/ecs/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: JSON.stringify({ cluster, service, taskDefinition: previous }),
      });
    }
  };
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      const body = await readBody(incoming);
      const amzTarget = String(incoming.headers['x-amz-target'] ?? '');
      const action = amzTarget.startsWith(ECS_TARGET) ? amzTarget.slice(ECS_TARGET.length) : '';
      const json = action
        ? (JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>)
        : {};
      if (action) state.calls.push({ action, at: Date.now(), body: json });
      if (action === 'CreateService' || action === 'UpdateService') remember(json);
      const answer = (value: unknown) => {
        outgoing.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        outgoing.end(JSON.stringify(value));
      };
      if (action === 'ListServiceDeployments') {
        const service = String(json.service);
        const id = primary.get(service.split('/').at(-1)!) ?? 'unknown';
        return answer({
          serviceDeployments: [
            {
              serviceDeploymentArn: `arn:aws:ecs:eu-west-1:123456789012:service-deployment/${id}`,
              targetServiceRevisionArn: `arn:aws:ecs:eu-west-1:123456789012:service-revision/${id}`,
              status: state.outcome,
            },
          ],
        });
      }
      if (action === 'DescribeServiceDeployments') {
        const arns = json.serviceDeploymentArns as string[];
        if (state.outcome === 'ROLLBACK_SUCCESSFUL') await rollBack();
        return answer({
          serviceDeployments: arns.map((arn) => ({
            serviceDeploymentArn: arn,
            status: state.outcome,
            ...(state.outcome === 'SUCCESSFUL'
              ? {}
              : {
                  statusReason:
                    'ECS deployment circuit breaker: tasks failed to start; rolled back',
                }),
          })),
          failures: [],
        });
      }
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: target.host },
        },
        (response) => {
          void readBody(response).then((answerBody) => {
            if (
              action === 'DescribeServices' ||
              action === 'UpdateService' ||
              action === 'CreateService'
            ) {
              const parsed = JSON.parse(answerBody.toString('utf8') || '{}') as {
                services?: {
                  serviceName: string;
                  deployments?: { id: string; status: string }[];
                }[];
                service?: { serviceName: string; deployments?: { id: string; status: string }[] };
              };
              for (const service of [
                ...(parsed.services ?? []),
                ...(parsed.service ? [parsed.service] : []),
              ]) {
                const deployment = service.deployments?.find((d) => d.status === 'PRIMARY');
                if (deployment) primary.set(service.serviceName, deployment.id.split('/').at(-1)!);
              }
            }
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            outgoing.end(answerBody);
          });
        },
      );
      forwarded.on('error', (error) => {
        outgoing.writeHead(502);
        outgoing.end(String(error));
      });
      forwarded.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(state, {
    endpoint: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
