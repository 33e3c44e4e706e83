import { Fragment, type ReactNode } from 'react';

/**
 * The small part of Markdown a project body uses, rendered as React elements (never as HTML, so
 * nothing in a body can inject markup): paragraphs, `#`-`###` headings, `-`/`*` lists, `inline
 * code`, **bold** and [links](https://...) to http(s) addresses or site paths only.
 */
export function Markdown({ source }: { readonly source: string }): ReactNode {
  const blocks = source
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter(Boolean);
  return blocks.map((block, index) => {
    const heading = /^(#{1,3})\s+(.*)$/.exec(block);
    if (heading) {
      // The page's own title is the h1; a body's headings start one level below it.
      const level = Math.min((heading[1]?.length ?? 1) + 1, 4);
      const Tag = `h${level}` as 'h2' | 'h3' | 'h4';
      return <Tag key={index}>{inline(heading[2] ?? '')}</Tag>;
    }
    const lines = block.split('\n');
    if (lines.every((line) => /^\s*[-*]\s+/.test(line))) {
      return (
        <ul key={index}>
          {lines.map((line, item) => (
            <li key={item}>{inline(line.replace(/^\s*[-*]\s+/, ''))}</li>
          ))}
        </ul>
      );
    }
    return <p key={index}>{inline(lines.join(' '))}</p>;
  });
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\[[^\]]+\]\([^)\s]+\))/g;

function inline(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    const token = match[0];
    if (token.startsWith('`')) parts.push(<code key={index}>{token.slice(1, -1)}</code>);
    else if (token.startsWith('**')) parts.push(<strong key={index}>{token.slice(2, -2)}</strong>);
    else {
      const [, label = '', href = ''] = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(token) ?? [];
      parts.push(
        isSafeHref(href) ? (
          <a key={index} href={href}>
            {label}
          </a>
        ) : (
          <Fragment key={index}>{label}</Fragment>
        ),
      );
    }
    last = index + token.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** http(s) addresses and site paths; never `javascript:`, `data:` or protocol-relative ones. */
export function isSafeHref(href: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(href) || /^\/(?!\/)[^\s]*$/.test(href);
}
