import { onlyResource, referenceTo, synthConstructs } from '../testing';
import { Network, type NetworkProps } from './network';

const synth = (props: Partial<NetworkProps> = {}) =>
  synthConstructs((scope) => {
    new Network(scope, 'network', { name: 'dev', ...props });
  });

describe('Network', () => {
  const json = synth({ cidrBlock: '10.10.0.0/16' });

  it('creates a VPC over the given range with DNS support and hostnames', () => {
    expect(onlyResource(json, 'aws_vpc')).toMatchObject({
      cidr_block: '10.10.0.0/16',
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: 'dev' },
    });
  });

  it('strips every rule from the default security group', () => {
    const sg = onlyResource(json, 'aws_default_security_group');
    expect(sg.vpc_id).toBe(referenceTo(json, 'aws_vpc', 'id'));
    expect(sg.ingress).toEqual([]);
    expect(sg.egress).toEqual([]);
  });

  it('defaults to 10.0.0.0/16', () => {
    expect(onlyResource(synth(), 'aws_vpc').cidr_block).toBe('10.0.0.0/16');
  });

  it.each([
    ['10.0.0.0', /cidrBlock "10.0.0.0" is not an IPv4 CIDR block such as "10.0.0.0\/16"/],
    ['10.0.0.300/16', /is not an IPv4 CIDR block/],
    [
      '10.0.1.0/16',
      /cidrBlock "10.0.1.0\/16" has host bits set; the network address is 10.0.0.0\/16/,
    ],
    ['10.0.0.0/12', /must have a prefix from \/16 to \/24/],
    ['8.8.0.0/16', /must be a private range/],
    ['172.32.0.0/16', /must be a private range/],
  ])('rejects cidrBlock %s with a message naming the field', (cidrBlock, message) => {
    expect(() => synth({ cidrBlock })).toThrow(message);
  });
});
