/** A price table with round numbers, so the fixtures' figures can be checked by hand. */
import { PriceTable, type Price } from './price-table';

const price = (usd: number, unit: string): Price => ({
  usd,
  unit,
  asOf: '2026-01',
  source: 'https://example.com/test-prices',
  basis: 'recalled',
});

export const TEST_PRICES = new PriceTable({
  note: 'test prices',
  currency: 'USD',
  written: '2026-01-01',
  regions: {
    'test-region-1': {
      'nat.hour': price(0.05, 'NAT gateway-hour'),
      'nat.gb': price(0.05, 'GB'),
      'alb.hour': price(0.02, 'ALB-hour'),
      'alb.lcu': price(0.01, 'LCU-hour'),
      'dataTransfer.internetOut': price(0.1, 'GB'),
      'fargate.arm64.vcpu': price(0.04, 'vCPU-hour'),
      'fargate.arm64.gb': price(0.004, 'GB-hour'),
      'rds.postgres.db.t4g.micro': price(0.02, 'instance-hour'),
      'rds.gp3.gbMonth': price(0.1, 'GB-month'),
    },
  },
  global: { 'ipv4.hour': price(0.005, 'address-hour') },
});
