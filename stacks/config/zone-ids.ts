import { ZONE_ID_PATTERN, zoneIdPrefix } from '@skyport/modules/network';
import { show, type Problems } from '@skyport/modules/validation';

interface RegionZones {
  /** The prefix of every zone ID of the region (`euw1` in `euw1-az2`). */
  readonly prefix: string;
  /** The zone IDs AWS documents for the region. */
  readonly zoneIds: readonly string[];
}

/**
 * The regions whose zone IDs are checked one by one: the profiles' and the state bucket's region
 * (eu-west-1), the edge certificate's (us-east-1), and us-east-2. Each list is what AWS documents
 * ("AWS Availability Zones" in the Regions and Availability Zones guide; the EFS One Zone table
 * for use1-az4 to az6 and use2), not what one account sees. Another region's IDs are checked by
 * shape only; add it here to check them fully (decision 0028).
 */
export const REGION_ZONE_IDS: Readonly<Record<string, RegionZones>> = {
  'eu-west-1': { prefix: 'euw1', zoneIds: ['euw1-az1', 'euw1-az2', 'euw1-az3'] },
  'us-east-1': {
    prefix: 'use1',
    zoneIds: ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6'],
  },
  'us-east-2': { prefix: 'use2', zoneIds: ['use2-az1', 'use2-az2', 'use2-az3'] },
};

/** Zones a profile may span: two (an ALB and Multi-AZ RDS need two) or three. */
export const ZONE_COUNTS = [2, 3] as const;

/**
 * `network.zoneIds` of a profile in `region`: 2 or 3 distinct IDs of that region's zones. IDs of a
 * region missing from REGION_ZONE_IDS are checked by shape only, and the message says so.
 */
export function checkZoneIds(p: Problems, region: string, zoneIds: readonly string[]): void {
  const field = 'network.zoneIds';
  const known = REGION_ZONE_IDS[region];
  const listed = `[${zoneIds.map(show).join(', ')}]`;
  const example = known
    ? `the zone IDs of ${region}: ${known.zoneIds.map(show).join(', ')}`
    : `the zone IDs of ${region} (\`aws ec2 describe-availability-zones --region ${region}\`)`;
  if (!(ZONE_COUNTS as readonly number[]).includes(zoneIds.length)) {
    p.add(field, `${listed} lists ${zoneIds.length}; list 2 or 3 of ${example}`);
  }
  if (new Set(zoneIds).size !== zoneIds.length) {
    p.add(field, `${listed} lists a zone twice; name each zone once, from ${example}`);
  }
  for (const zoneId of new Set(zoneIds)) {
    if (known) {
      if (zoneIdPrefix(zoneId) !== known.prefix) {
        p.add(field, `${show(zoneId)} is not a zone of ${region}; use ${example}`);
      } else if (!known.zoneIds.includes(zoneId)) {
        p.add(field, `${show(zoneId)} is not a zone AWS documents in ${region}; use ${example}`);
      }
    } else if (!ZONE_ID_PATTERN.test(zoneId)) {
      p.add(
        field,
        `${show(zoneId)} is not an Availability Zone ID such as "euw1-az1" (${region} is not in REGION_ZONE_IDS of stacks/config/zone-ids.ts, so only the shape of its IDs is checked); use ${example}`,
      );
    }
  }
}
