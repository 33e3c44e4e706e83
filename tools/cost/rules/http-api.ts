/**
 * An API Gateway HTTP API (requests, data out) and the Cloud Map services a VPC link integration
 * finds its targets in (registered instances, discovery calls, and the Route53 hosted zone of a DNS
 * namespace). The API's stage, routes, integrations, domain name and mapping, the VPC link and an
 * HTTP namespace have no charge of their own (resource-types.ts).
 */
import { amount, plural, text, type Resource, type StackPricing } from '../stack-pricing';
import { taskCount } from './compute';

export const HTTP_API_TYPES = [
  'aws_apigatewayv2_api',
  'aws_service_discovery_service',
  'aws_service_discovery_private_dns_namespace',
  'aws_service_discovery_public_dns_namespace',
] as const;

/** Namespace types, and which of them Cloud Map backs with a Route53 hosted zone. */
const NAMESPACES = [
  'aws_service_discovery_http_namespace',
  'aws_service_discovery_private_dns_namespace',
  'aws_service_discovery_public_dns_namespace',
] as const;
const DNS_NAMESPACES = NAMESPACES.slice(1);

export function priceHttpApi(p: StackPricing): void {
  const { assumptions: a } = p;
  const apis = p.resources('aws_apigatewayv2_api');
  for (const api of apis) {
    const protocol = text(api.body, 'protocol_type', 'HTTP');
    if (protocol !== 'HTTP') {
      p.markUnpriced(api.address, `a ${protocol} API: only HTTP APIs are priced`);
      continue;
    }
    // Lines name the API only when the stack has several, so one API's lines read plainly.
    const label = apis.length > 1 ? `HTTP API ${apiName(api)}` : 'HTTP API';
    p.charge({
      category: 'API Gateway',
      item: `${label} requests`,
      // AWS meters an HTTP API request per 512 KB; the API's requests and responses are far smaller.
      detail: `${amount(a.apiRequestsPerMonth)} requests (apiRequestsPerMonth), each under 512 KB so metered once`,
      quantity: a.apiRequestsPerMonth,
      priceKey: 'apigateway.http.request',
      addresses: [api.address],
    });
    p.charge({
      category: 'Data transfer',
      item: `${label} responses to the internet`,
      detail: `${amount(a.apiDataOutGb)} GB (apiDataOutGb), billed at EC2 data transfer rates`,
      quantity: a.apiDataOutGb,
      priceKey: 'dataTransfer.internetOut',
      addresses: [api.address],
    });
  }

  const services = p.resources('aws_service_discovery_service');
  for (const discovery of services) priceDiscoveryService(p, discovery, services.length > 1);

  // Nothing here resolves the tasks through DNS (API Gateway calls DiscoverInstances), so only
  // the zone is priced, not queries.
  const zones = DNS_NAMESPACES.flatMap((type) => p.resources(type));
  if (zones.length > 0) {
    p.charge({
      category: 'Route53',
      item: 'Cloud Map hosted zones',
      detail: `${plural(zones.length, 'DNS namespace')}: Cloud Map keeps a hosted zone for each; no DNS queries counted`,
      quantity: zones.length,
      priceKey: 'route53.zone',
      addresses: zones.map((r) => r.address),
    });
  }
}

function priceDiscoveryService(p: StackPricing, discovery: Resource, several: boolean): void {
  const { assumptions: a } = p;
  const name = discoveryName(p, discovery);
  const prefix = several ? `${name} ` : '';
  const registering = p
    .resources('aws_ecs_service')
    .filter((service) =>
      registries(service).some(
        (registry) =>
          p.referenced(registry.registry_arn, 'aws_service_discovery_service')?.name ===
          discovery.name,
      ),
    );
  if (registering.length === 0) {
    p.markUnpriced(
      discovery.address,
      'no ECS service in this stack registers into it, so its instance count is unknown',
    );
    return;
  }
  const instances = registering.reduce((sum, service) => sum + taskCount(p, service), 0);
  p.charge({
    category: 'Cloud Map',
    item: `${prefix}registered instances`,
    detail: `${plural(instances, 'task')} (taskCount=${a.taskCount}) that ECS registers in ${name}`,
    quantity: instances,
    priceKey: 'cloudmap.instance',
    addresses: [discovery.address, ...registering.map((s) => s.address)],
  });

  // A VPC link integration asks Cloud Map for its targets (DiscoverInstances). AWS documents no
  // caching of the answer, so every request is taken to make one call: the dearer reading.
  const integrations = p
    .resources('aws_apigatewayv2_integration')
    .filter(
      (integration) =>
        p.referenced(integration.body.integration_uri, 'aws_service_discovery_service')?.name ===
        discovery.name,
    );
  const apis = new Set(
    integrations
      .map((integration) => p.referenced(integration.body.api_id, 'aws_apigatewayv2_api')?.name)
      .filter((api): api is string => api !== undefined),
  );
  if (apis.size === 0) {
    p.noCharge(
      'Cloud Map',
      `${prefix}discovery calls`,
      'no API Gateway integration in this stack discovers through it; calls by other clients are not counted',
      [discovery.address],
    );
    return;
  }
  const calls = apis.size * a.apiRequestsPerMonth;
  p.charge({
    category: 'Cloud Map',
    item: `${prefix}discovery calls`,
    detail: `${amount(calls)} DiscoverInstances calls to ${name}: one per request (apiRequestsPerMonth${apis.size > 1 ? ` × ${apis.size} HTTP APIs` : ''}), taken as uncached`,
    quantity: calls,
    priceKey: 'cloudmap.discovery',
    addresses: [discovery.address, ...integrations.map((i) => i.address)],
  });
}

/** `service_registries` is one block in the JSON CDKTF writes, a list in hand-written Terraform. */
function registries(service: Resource): Array<{ registry_arn?: unknown }> {
  const value = service.body.service_registries;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.filter((v): v is { registry_arn?: unknown } => !!v && typeof v === 'object');
}

function apiName(api: Resource): string {
  const name = api.body.name;
  if (typeof name === 'string' && !name.includes('${')) return name;
  return api.name.replace(/_[0-9A-F]{8}$/, '');
}

/**
 * `skyport-dev-api.internal/tasks`: the namespace's name (when it is in the stack), then the
 * service's. An HTTP namespace is named by `namespace_id`, a DNS namespace by `dns_config`'s.
 */
function discoveryName(p: StackPricing, discovery: Resource): string {
  const dnsConfig = discovery.body.dns_config as { namespace_id?: unknown } | undefined;
  const reference = discovery.body.namespace_id ?? dnsConfig?.namespace_id;
  const namespace = NAMESPACES.map((type) => p.referenced(reference, type)).find(
    (found) => found !== undefined,
  );
  const own = text(discovery.body, 'name', discovery.name);
  const namespaceName = namespace ? text(namespace.body, 'name', '') : '';
  return namespaceName && !namespaceName.includes('${') ? `${namespaceName}/${own}` : own;
}
