import { cidrContains, parseCidr } from '../validation/cidr';
import { subnetLayout, TIERS } from './subnet-layout';

describe('subnetLayout', () => {
  it('splits a /16 into /18 tier blocks and /20 subnets, one per AZ', () => {
    expect(subnetLayout(parseCidr('vpc', '10.10.0.0/16'), 3)).toEqual({
      tierCidr: { public: '10.10.0.0/18', private: '10.10.64.0/18', isolated: '10.10.128.0/18' },
      subnetCidrs: {
        public: ['10.10.0.0/20', '10.10.16.0/20', '10.10.32.0/20'],
        private: ['10.10.64.0/20', '10.10.80.0/20', '10.10.96.0/20'],
        isolated: ['10.10.128.0/20', '10.10.144.0/20', '10.10.160.0/20'],
      },
    });
  });

  it('fits the smallest VPC AWS allows (/24) with /28 subnets', () => {
    const layout = subnetLayout(parseCidr('vpc', '192.168.7.0/24'), 2);
    expect(layout.subnetCidrs.isolated).toEqual(['192.168.7.128/28', '192.168.7.144/28']);
  });

  it.each([
    ['10.0.0.0/16', 4],
    ['172.16.0.0/20', 2],
    ['192.168.0.0/24', 3],
  ])(
    'keeps every subnet of %s (%i AZs) inside its tier and the VPC, with no overlaps',
    (vpc, azs) => {
      const range = parseCidr('vpc', vpc);
      const layout = subnetLayout(range, azs);
      const all = TIERS.flatMap((tier) =>
        layout.subnetCidrs[tier].map((subnet) => {
          const parsed = parseCidr('subnet', subnet);
          expect(cidrContains(parseCidr('tier', layout.tierCidr[tier]), parsed)).toBe(true);
          expect(cidrContains(range, parsed)).toBe(true);
          return parsed;
        }),
      );
      expect(all).toHaveLength(3 * azs);
      for (const [i, a] of all.entries()) {
        for (const b of all.slice(i + 1)) {
          expect(cidrContains(a, b) || cidrContains(b, a)).toBe(false);
        }
      }
    },
  );

  it('refuses a VPC too small to hold /28 subnets', () => {
    expect(() => subnetLayout(parseCidr('vpc', '10.0.0.0/25'), 2)).toThrow(
      'a /25 VPC is too small for three tiers of /29 subnets; use /24 or larger',
    );
  });
});
