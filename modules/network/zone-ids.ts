/**
 * The shape of an Availability Zone ID: the region's short prefix (`euw1` for eu-west-1, `use1`
 * for us-east-1), `-az` and a number. Unlike a zone name (`eu-west-1a`), an ID names the same
 * physical zone in every AWS account.
 */
export const ZONE_ID_PATTERN = /^([a-z]{3,6}\d+)-az\d+$/;

/** The region prefix of a zone ID (`euw1` of `euw1-az2`), or undefined when it is not one. */
export function zoneIdPrefix(zoneId: string): string | undefined {
  return ZONE_ID_PATTERN.exec(zoneId)?.[1];
}
