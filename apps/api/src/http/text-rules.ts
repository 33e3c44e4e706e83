/**
 * The rules every free-text field of a request body follows, as JSON Schema patterns for the
 * OpenAPI document and as the validators' regular expressions, from one spelling. Whitespace is
 * spelled out instead of `\s`, whose meaning differs between JavaScript and the Python and Rust
 * engines that read the document (Python's includes U+001C-U+001F, JavaScript's U+FEFF): the class
 * below is exactly what `String.prototype.trim()` removes.
 */
const WHITESPACE =
  '\\t\\n\\x0b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/**
 * Any text without a NUL character: every string of every body is refused before validation when
 * it holds one (src/http/json-body.ts). Unpaired UTF-16 surrogates are refused too, which
 * this pattern does not say: engines disagree on what a surrogate in a pattern means.
 */
export const STORABLE_TEXT = '^[^\\x00]*$';

/** Text with at least one character that is not whitespace (and no NUL). */
export const NOT_BLANK_TEXT = `^[^\\x00]*[^\\x00${WHITESPACE}][^\\x00]*$`;
export const NOT_BLANK = new RegExp(NOT_BLANK_TEXT);

/**
 * An RFC 3339 date-time (JSON Schema's `format: date-time`) as the API reads it: years 1000-9999
 * (IsISO8601's date check misreads earlier ones), an upper-case `T`, seconds 00-59 (no leap
 * second), and `Z` or an offset. ISO 8601 alone would also admit a bare date or no zone.
 */
export const RFC3339_DATE_TIME_TEXT =
  '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$';
export const RFC3339_DATE_TIME = new RegExp(RFC3339_DATE_TIME_TEXT);
