/** One test case of a Schemathesis JUnit report: an operation (or its stateful tests) in one run. */
export interface FuzzCase {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** The first line of each failure or error Schemathesis wrote, e.g. `ST202`. */
  readonly failures: string[];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });
}

/**
 * The test cases of a JUnit report as Schemathesis writes it (`<testcase name=...>` with
 * `<failure>`, `<error>` or `<skipped>` inside, or self-closing when it passed). Read with two
 * regular expressions: the format is flat and its own, and the tools add no XML parser for it.
 */
export function junitCases(xml: string): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const testcase = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(testcase)) {
    const name = unescapeXml(/\bname="([^"]*)"/.exec(match[1] ?? '')?.[1] ?? '(unnamed)');
    const body = match[3] ?? '';
    const failures = [...body.matchAll(/<(failure|error)\b([^>]*)>/g)].map((failure) => {
      const message = /\bmessage="([^"]*)"/.exec(failure[2] ?? '')?.[1];
      return unescapeXml(message ?? failure[1] ?? 'error');
    });
    const status = failures.length > 0 ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
    cases.push({ name, status, failures });
  }
  return cases;
}
