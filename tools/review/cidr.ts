/** CIDR containment for IPv4 and IPv6, enough to tell a widened rule from a narrowed one. */

interface Network {
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
    return undefined;
  return parts.reduce((n, p) => (n << 8n) + BigInt(p), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...new Array<string>(missing).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
}

export function parseCidr(cidr: string): Network | undefined {
  const [ip = '', bits] = cidr.split('/');
  const family = ip.includes(':') ? 6 : 4;
  const address = family === 4 ? parseIpv4(ip) : parseIpv6(ip);
  const width = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? width : Number(bits);
  if (address === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > width)
    return undefined;
  return { family, address, prefix };
}

/** True when every address of `inner` is in `outer` (equal CIDRs included); false if either is not a CIDR. */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (!a || !b || a.family !== b.family || a.prefix > b.prefix) return false;
  const width = BigInt(a.family === 4 ? 32 : 128);
  const shift = width - BigInt(a.prefix);
  return a.address >> shift === b.address >> shift;
}

export const isInternet = (cidr: string) => cidr === '0.0.0.0/0' || cidr === '::/0';
