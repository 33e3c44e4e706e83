/**
 * Exported pages that need no JavaScript at all: their content is complete HTML and every link is
 * a plain `<a>`. The export step removes Next.js's runtime from them (its scripts and their
 * preloads), so visitors download and run nothing there.
 */
export const STATIC_PAGES: readonly string[] = [
  '404.html',
  '_not-found.html',
  'api-reference.html',
];

const SCRIPT = /<script\b[^>]*>[\s\S]*?<\/script>/gi;
const LINK = /<link\b[^>]*>/gi;

/** A `<link>` that fetches a script ahead of time: `rel="modulepreload"`, or `rel="preload" as="script"`. */
function preloadsScript(link: string): boolean {
  return (
    /\brel="modulepreload"/i.test(link) ||
    (/\brel="preload"/i.test(link) && /\bas="script"/i.test(link))
  );
}

export function withoutScripts(html: string): string {
  return html.replace(SCRIPT, '').replace(LINK, (link) => (preloadsScript(link) ? '' : link));
}
