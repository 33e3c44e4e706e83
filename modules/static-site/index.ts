export { StaticSite, type StaticSiteProps } from './static-site';
export { PRICE_CLASSES, type PriceClass } from './distribution';
export { SecurityHeaders, staticExportCsp, type SecurityHeadersProps } from './security-headers';
export { viewerRequestSource, VIEWER_REQUEST_SOURCE_PATH } from './viewer-request-source';
