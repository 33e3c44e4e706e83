import { show, type Problems } from '../validation/problems';
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

/** The props with their defaults: what the building steps read, and what the checks read. */
export function staticSiteSettings(props: StaticSiteProps): StaticSiteSettings {
  const { domainName } = props;
  return {
    ...props,
    wwwName: `www.${domainName}`,
    priceClass: props.priceClass ?? 'PriceClass_100',
    webAcl: props.webAcl ?? false,
    contentSecurityPolicy:
      props.contentSecurityPolicy ?? staticExportCsp(`https://api.${domainName}`),
    hstsPreload: props.hstsPreload ?? true,
    accessLogRetentionDays: props.accessLogRetentionDays ?? 90,
    noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? 30,
  };
}

/**
 * Every problem of the settings, naming the prop and what is allowed. Run at synth: every
 * resource name starts with `name`, but is only joined, never parsed, so building goes on.
 */
export function checkStaticSiteSettings(p: Problems, settings: StaticSiteSettings): void {
  if (!/^[a-z][a-z0-9-]{1,30}$/.test(settings.name)) {
    p.add(
      'name',
      `${show(settings.name)} must be 2-31 lowercase letters, digits or hyphens, starting with a letter`,
    );
  }
  p.oneOf('priceClass', settings.priceClass, PRICE_CLASSES);
}
