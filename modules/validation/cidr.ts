export interface Cidr {
  /** The network address as a 32-bit unsigned integer. */
  readonly network: number;
  readonly prefix: number;
  readonly isPrivate: boolean;
}

const PRIVATE_RANGES: ReadonlyArray<readonly [string, number]> = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
];

/** Parses an IPv4 CIDR block; the error names the field and says what a valid value looks like. */
export function parseCidr(field: string, value: string): Cidr {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : NaN;
  if (!match || octets.some((o) => o > 255) || prefix > 32) {
    throw new Error(`${field} "${value}" is not an IPv4 CIDR block such as "10.0.0.0/16"`);
  }
  const address = toInt(octets);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((address & mask) >>> 0 !== address) {
    throw new Error(
      `${field} "${value}" has host bits set; the network address is ${toDotted((address & mask) >>> 0)}/${prefix}`,
    );
  }
  const isPrivate = PRIVATE_RANGES.some(([base, bits]) => {
    const rangeMask = (0xffffffff << (32 - bits)) >>> 0;
    return prefix >= bits && (address & rangeMask) >>> 0 === toInt(base.split('.').map(Number));
  });
  return { network: address, prefix, isPrivate };
}

/** `10.0.0.0/16` from a parsed block. */
export function formatCidr(cidr: Pick<Cidr, 'network' | 'prefix'>): string {
  return `${toDotted(cidr.network)}/${cidr.prefix}`;
}

/**
 * The `index`-th block of `newBits` more bits inside `cidr`, like Terraform's `cidrsubnet()`:
 * `subdivide(10.0.0.0/16, 2, 1)` is 10.0.64.0/18.
 */
export function subdivide(cidr: Cidr, newBits: number, index: number): Cidr {
  const prefix = cidr.prefix + newBits;
  if (prefix > 32 || index < 0 || index >= 2 ** newBits) {
    throw new Error(`cannot take block ${index} of /${prefix} inside ${formatCidr(cidr)}`);
  }
  const network = (cidr.network + index * 2 ** (32 - prefix)) >>> 0;
  return { network, prefix, isPrivate: cidr.isPrivate };
}

/** Whether every address of `inner` lies in `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (inner.prefix < outer.prefix) return false;
  const mask = outer.prefix === 0 ? 0 : (0xffffffff << (32 - outer.prefix)) >>> 0;
  return (inner.network & mask) >>> 0 === outer.network;
}

function toInt(octets: number[]): number {
  return octets.reduce((acc, o) => ((acc << 8) | o) >>> 0, 0);
}

function toDotted(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
}
