/** NAT gateways, their Elastic IPs, and VPC endpoints. */
import { amount, plural, text, type StackPricing } from '../stack-pricing';

export const NETWORK_TYPES = ['aws_nat_gateway', 'aws_eip', 'aws_vpc_endpoint'] as const;

export function priceNetwork(p: StackPricing): void {
  const nats = p.resources('aws_nat_gateway');
  if (nats.length > 0) {
    const addresses = nats.map((r) => r.address);
    p.charge({
      category: 'NAT gateway',
      item: 'hours',
      detail: `${plural(nats.length, 'gateway')} × ${p.hours} h`,
      quantity: nats.length * p.hours,
      priceKey: 'nat.hour',
      addresses,
    });
    p.charge({
      category: 'NAT gateway',
      item: 'data processed',
      detail: `${amount(p.assumptions.natDataGb)} GB (natDataGb)`,
      quantity: p.assumptions.natDataGb,
      priceKey: 'nat.gb',
      addresses,
    });
  }

  const eips = p.resources('aws_eip');
  if (eips.length > 0) {
    p.charge({
      category: 'Public IPv4',
      item: 'Elastic IPs',
      detail: `${plural(eips.length, 'address', 'addresses')} × ${p.hours} h`,
      quantity: eips.length * p.hours,
      priceKey: 'ipv4.hour',
      addresses: eips.map((r) => r.address),
    });
  }

  for (const endpoint of p.resources('aws_vpc_endpoint')) {
    const service = text(endpoint.body, 'service_name', '')
      .replace(/^.*\}\./, '')
      .replace(/^com\.amazonaws\.[a-z0-9-]+\./, '');
    if (endpoint.body.vpc_endpoint_type !== 'Interface') {
      p.noCharge(
        'VPC endpoints',
        `${service} gateway endpoint`,
        'gateway endpoints (S3, DynamoDB) have no hourly or data charge',
        [endpoint.address],
      );
      continue;
    }
    const azs = Array.isArray(endpoint.body.subnet_ids) ? endpoint.body.subnet_ids.length : 1;
    p.charge({
      category: 'VPC interface endpoints',
      item: `${service} hours`,
      detail: `${plural(azs, 'AZ')} × ${p.hours} h`,
      quantity: azs * p.hours,
      priceKey: 'vpce.interface.hour',
      addresses: [endpoint.address],
    });
    p.charge({
      category: 'VPC interface endpoints',
      item: `${service} data`,
      detail: `${amount(p.assumptions.endpointDataGb)} GB (endpointDataGb)`,
      quantity: p.assumptions.endpointDataGb,
      priceKey: 'vpce.interface.gb',
      addresses: [endpoint.address],
    });
  }
}
