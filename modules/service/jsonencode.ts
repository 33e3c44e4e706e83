import { Fn } from 'cdktf';

/**
 * `Fn.jsonencode(value)` for values whose strings may hold `"`, `\` or `%{` (a health check's
 * shell command, for one). CDKTF 0.21 writes the strings of an expression between quotes without
 * escaping them, so `"pg_isready -U "$USER""` would end the string early; escaping them here
 * leaves Terraform exactly the value given. `${` needs nothing: CDKTF writes it `$${` itself, and
 * the token markers of references hold none of these characters.
 */
export function jsonencode(value: unknown): string {
  return Fn.jsonencode(escapeStrings(value));
}

function escapeStrings(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%\{/g, '%%{');
  }
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, escapeStrings(item)]),
    );
  }
  return value;
}
