// @ts-check
/**
 * Optional dependencies the registry does not serve at the version a locked package asks for, so
 * no lock entry can be written. Each names its reason; `make lock` reports one that has become
 * resolvable so it leaves this list. Empty: every optional package was served on 2026-12-03.
 * @type {readonly import('./lock-completeness.mjs').KnownGap[]}
 */
export const KNOWN_GAPS = [];
