import { PRICE_CLASSES, type PriceClass } from './distribution';
import { staticExportCsp } from './security-headers';
import type { StaticSiteProps } from './static-site';

/** The props with every default filled in, and the `www.` name: what the building steps read. */
export interface StaticSiteSettings extends StaticSiteProps {
  readonly wwwName: string;
  readonly priceClass: PriceClass;
  readonly webAcl: boolean;
  readonly contentSecurityPolicy: string;
  readonly hstsPreload: boolean;
  readonly accessLogRetentionDays: number;
  readonly noncurrentVersionExpirationDays: number;
}

/**
 * The props with their defaults, checked. Throws at the first problem, naming the prop and what
 * is allowed: every resource name starts with `name`.
 */
export function staticSiteSettings(props: StaticSiteProps): StaticSiteSettings {
  const { name, domainName } = props;
  if (!/^[a-z][a-z0-9-]{1,30}$/.test(name)) {
    throw new Error(
      `StaticSite: name "${name}" must be 2-31 lowercase letters, digits or hyphens, starting with a letter`,
    );
  }
  const priceClass = props.priceClass ?? 'PriceClass_100';
  if (!PRICE_CLASSES.includes(priceClass)) {
    throw new Error(
      `StaticSite: priceClass "${String(priceClass)}" is not one of ${PRICE_CLASSES.join(', ')}`,
    );
  }
  return {
    ...props,
    wwwName: `www.${domainName}`,
    priceClass,
    webAcl: props.webAcl ?? false,
    contentSecurityPolicy:
      props.contentSecurityPolicy ?? staticExportCsp(`https://api.${domainName}`),
    hstsPreload: props.hstsPreload ?? true,
    accessLogRetentionDays: props.accessLogRetentionDays ?? 90,
    noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? 30,
  };
}
