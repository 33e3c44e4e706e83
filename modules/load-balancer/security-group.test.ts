import { onlyResource, referenceTo, type TerraformBlock } from '../testing';
import { blocks, ingressOf, listener, synth } from './load-balancer-fixture';

describe('LoadBalancer', () => {
  const json = synth();
  const albSg = referenceTo(json, 'aws_security_group', 'id');

  describe('security groups', () => {
    it('in internet mode admits exactly HTTPS and HTTP from any IPv4 address, each rule described', () => {
      const rules = ingressOf(json, albSg);
      expect(
        rules.map(({ from_port, to_port, ip_protocol, cidr_ipv4 }) => ({
          from_port,
          to_port,
          ip_protocol,
          cidr_ipv4,
        })),
      ).toEqual(
        expect.arrayContaining([
          { from_port: 443, to_port: 443, ip_protocol: 'tcp', cidr_ipv4: '0.0.0.0/0' },
          { from_port: 80, to_port: 80, ip_protocol: 'tcp', cidr_ipv4: '0.0.0.0/0' },
        ]),
      );
      expect(rules).toHaveLength(2);
      for (const rule of rules) expect(rule.description).toEqual(expect.any(String));
    });

    describe('in cloudfront mode', () => {
      const cf = synth({ ingress: 'cloudfront' });
      const sg = referenceTo(cf, 'aws_security_group', 'id');

      it('admits exactly HTTPS from the CloudFront origin-facing prefix list and no address range', () => {
        const list = Object.entries(cf.data?.aws_ec2_managed_prefix_list ?? {});
        expect(list).toHaveLength(1);
        const [listName, listBlock] = list[0] as [string, TerraformBlock];
        expect(listBlock.name).toBe('com.amazonaws.global.cloudfront.origin-facing');
        expect(ingressOf(cf, sg)).toEqual([
          {
            security_group_id: sg,
            description: expect.any(String),
            ip_protocol: 'tcp',
            from_port: 443,
            to_port: 443,
            prefix_list_id: `\${data.aws_ec2_managed_prefix_list.${listName}.id}`,
          },
        ]);
        const everyRule = [
          ...blocks(cf, 'aws_vpc_security_group_ingress_rule'),
          ...blocks(cf, 'aws_vpc_security_group_egress_rule'),
        ];
        expect(everyRule.some((rule) => rule.cidr_ipv4 || rule.cidr_ipv6)).toBe(false);
      });

      it('still redirects HTTP, which nothing can reach', () => {
        expect(listener(cf, 'http').default_action).toEqual([
          expect.objectContaining({ type: 'redirect' }),
        ]);
      });
    });

    it('lets the load balancer send only to the service security group on the target port', () => {
      expect(blocks(json, 'aws_vpc_security_group_egress_rule')).toEqual([
        {
          security_group_id: albSg,
          description: expect.any(String),
          ip_protocol: 'tcp',
          from_port: 3000,
          to_port: 3000,
          referenced_security_group_id: 'sg-service',
        },
      ]);
    });

    it('adds to the service security group only a rule admitting the load balancer on the target port', () => {
      expect(ingressOf(json, 'sg-service')).toEqual([
        {
          security_group_id: 'sg-service',
          description: expect.any(String),
          ip_protocol: 'tcp',
          from_port: 3000,
          to_port: 3000,
          referenced_security_group_id: albSg,
        },
      ]);
      expect(
        blocks(json, 'aws_vpc_security_group_egress_rule').filter(
          (rule) => rule.security_group_id === 'sg-service',
        ),
      ).toEqual([]);
    });

    it('describes the load balancer security group and defines no inline rules', () => {
      const sg = onlyResource(json, 'aws_security_group');
      expect(sg).toMatchObject({ vpc_id: 'vpc-0123', description: expect.any(String) });
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    });
  });
});
