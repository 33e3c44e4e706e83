import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ASSUMPTIONS } from './assumptions';
import { estimate, estimateStack, type StackEstimate } from './estimate';
import { readSynthOutput, toSynthStack, type StackJson } from './synth-output';
import { TEST_PRICES } from './test-prices';

const fixture = path.join(__dirname, 'fixtures', 'http-api');
const stackFile = path.join(fixture, 'stacks', 'http-api-app', 'cdk.tf.json');

function httpApiStack(assumptions = DEFAULT_ASSUMPTIONS): StackEstimate {
  const stack = estimate(readSynthOutput(fixture), TEST_PRICES, assumptions).environments[0]
    ?.stacks[0];
  if (!stack) throw new Error('no stack');
  return stack;
}

/** The fixture's JSON after `change`, priced alone. */
function variant(
  change: (resources: Record<string, Record<string, Record<string, unknown>>>) => void,
) {
  const json = JSON.parse(readFileSync(stackFile, 'utf8')) as StackJson & {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  change(json.resource);
  return estimateStack(toSynthStack('http-api-app', json), TEST_PRICES, DEFAULT_ASSUMPTIONS);
}

function line(stack: StackEstimate, name: string): number {
  const found = stack.lines.filter((l) => `${l.category}: ${l.item}` === name);
  expect(found).toHaveLength(1);
  return found[0]?.monthlyUsd ?? Number.NaN;
}

describe('the estimate of an HTTP API in front of an ECS service (fixtures/http-api, test prices)', () => {
  const stack = httpApiStack();

  it('prices the HTTP API per request (each under 512 KB, so metered once) and its responses as data out', () => {
    expect(line(stack, 'API Gateway: HTTP API requests')).toBeCloseTo(1.0, 6); // 1,000,000 × 0.000001
    expect(line(stack, 'Data transfer: HTTP API responses to the internet')).toBeCloseTo(1.0, 6); // 10 GB × 0.1
    expect(stack.lines.find((l) => l.item === 'HTTP API requests')?.detail).toContain(
      'under 512 KB',
    );
  });

  it('prices Cloud Map: one registered instance per task at the scaling minimum, one discovery call per request', () => {
    expect(line(stack, 'Cloud Map: registered instances')).toBeCloseTo(1.0, 6); // 2 tasks × 0.5
    expect(line(stack, 'Cloud Map: discovery calls')).toBeCloseTo(2.0, 6); // 1,000,000 × 0.000002
    expect(stack.lines.find((l) => l.item === 'registered instances')?.detail).toBe(
      '2 tasks (taskCount=min) that ECS registers in shop.internal/tasks',
    );
  });

  it('prices the hosted zone Cloud Map keeps for a DNS namespace, and no zone for an HTTP namespace', () => {
    expect(line(stack, 'Route53: Cloud Map hosted zones')).toBeCloseTo(0.5, 6); // 1 zone × 0.5
    const http = variant((r) => {
      delete r.aws_service_discovery_private_dns_namespace;
      r.aws_service_discovery_http_namespace = { namespace: { name: 'shop' } };
      r.aws_service_discovery_service = {
        tasks: {
          name: 'tasks',
          namespace_id: '${aws_service_discovery_http_namespace.namespace.id}',
        },
      };
    });
    expect(http.lines.some((l) => l.category === 'Route53')).toBe(false);
    expect(http.free).toMatchObject({ aws_service_discovery_http_namespace: 1 });
    expect(http.lines.find((l) => l.item === 'registered instances')?.detail).toBe(
      '2 tasks (taskCount=min) that ECS registers in shop/tasks',
    );
    expect(http.monthlyUsd).toBeCloseTo(22.52, 6);
  });

  it('adds the lines up to the hand-checked total, with the service it fronts', () => {
    // Fargate: 2 tasks × 0.25 vCPU × 730 h × 0.04 = 14.6; 2 × 0.5 GB × 730 h × 0.004 = 2.92;
    // 14.6 + 2.92 + 1 (requests) + 1 (data out) + 1 (instances) + 2 (discovery calls)
    // + 0.5 (hosted zone) = 23.02
    expect(stack.monthlyUsd).toBeCloseTo(23.02, 6);
  });

  it('counts the stage, route, integration and VPC link as free, and prices everything else', () => {
    expect(stack.unpriced).toEqual([]);
    expect(stack.free).toEqual({
      aws_apigatewayv2_vpc_link: 1,
      aws_apigatewayv2_integration: 1,
      aws_apigatewayv2_route: 1,
      aws_apigatewayv2_stage: 1,
      aws_appautoscaling_target: 1,
    });
  });

  it('follows apiRequestsPerMonth and taskCount', () => {
    const changed = httpApiStack({
      ...DEFAULT_ASSUMPTIONS,
      apiRequestsPerMonth: 3_000_000,
      taskCount: 'max',
    });
    expect(line(changed, 'API Gateway: HTTP API requests')).toBeCloseTo(3.0, 6);
    expect(line(changed, 'Cloud Map: discovery calls')).toBeCloseTo(6.0, 6);
    expect(line(changed, 'Cloud Map: registered instances')).toBeCloseTo(2.0, 6); // 4 tasks × 0.5
  });

  it('lists a Cloud Map service no ECS service registers into as unpriced, never as zero', () => {
    const orphan = variant((r) => {
      delete r.aws_ecs_service?.api_service?.service_registries;
    });
    expect(orphan.lines.some((l) => l.category === 'Cloud Map')).toBe(false);
    expect(orphan.unpriced.map((u) => [u.address, u.reason])).toEqual([
      [
        'aws_service_discovery_service.tasks',
        'no ECS service in this stack registers into it, so its instance count is unknown',
      ],
    ]);
  });

  it('lists a WebSocket API as unpriced', () => {
    const websocket = variant((r) => {
      const api = r.aws_apigatewayv2_api?.api;
      if (api) api.protocol_type = 'WEBSOCKET';
    });
    expect(websocket.lines.some((l) => l.category === 'API Gateway')).toBe(false);
    expect(websocket.unpriced.map((u) => u.reason)).toEqual([
      'a WEBSOCKET API: only HTTP APIs are priced',
    ]);
  });
});
