/**
 * Markdown escaping for text that comes from plans, stack names and audit reports: none of it may
 * open a tag, end a table cell, start a code span or close a fenced block early.
 */

/** Inline text: HTML special characters as entities, Markdown punctuation backslash-escaped. */
export function inline(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]|#~]/g, (c) => `\\${c}`);
}

/** A table cell: inline text on one line (a newline would end the row). */
export function cell(text: string): string {
  return inline(text.replace(/\r?\n/g, ' '));
}

/** Text inside an HTML element such as `<summary>`: entities only (Markdown is not parsed there). */
export function html(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** Inline code: a backtick fence longer than any run of backticks in the text. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const fence = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block whose fence no line of the body can close. */
export function fenced(body: string, language: string): string {
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${language}\n${body.replace(/\n+$/, '')}\n${fence}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}
