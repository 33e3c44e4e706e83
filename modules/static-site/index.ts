export { StaticSite, PRICE_CLASSES, type PriceClass, type StaticSiteProps } from './static-site';
export { SecurityHeaders, staticExportCsp, type SecurityHeadersProps } from './security-headers';
export { viewerRequestSource, VIEWER_REQUEST_SOURCE_PATH } from './viewer-request-source';
