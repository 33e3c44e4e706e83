/** The parts of a synthesized `cdk.tf.json` the validation tools read. */
export interface TerraformJson {
  readonly '//'?: { readonly skyport?: { readonly environment?: string; readonly stage?: string } };
  readonly terraform?: {
    readonly backend?: Record<string, Record<string, unknown>>;
  };
  readonly provider?: Record<string, readonly Record<string, unknown>[]>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly variable?: Record<string, Record<string, unknown>>;
}

/** Every resource type the stack declares, sorted. */
export function resourceTypes(stack: TerraformJson): string[] {
  return Object.keys(stack.resource ?? {}).sort();
}

/** How many resource blocks the stack declares (a block with count/for_each counts once). */
export function resourceBlockCount(stack: TerraformJson): number {
  return Object.values(stack.resource ?? {}).reduce(
    (sum, byName) => sum + Object.keys(byName).length,
    0,
  );
}

/** The first `Error:` line terraform printed (its summary), or the last line when there is none. */
export function firstError(output: string): string {
  // Every command runs with -no-color, so there are no escape sequences to strip.
  const lines = output.split('\n').map((line) => line.trim());
  const index = lines.findIndex((line) => /^(│\s*)?Error: /.test(line));
  if (index === -1) return lines.filter(Boolean).at(-1) ?? 'no output';
  const summary = lines[index]!.replace(/^│\s*/, '');
  // The line after the blank one usually names the resource and field.
  const detail = lines
    .slice(index + 1, index + 6)
    .map((line) => line.replace(/^│\s*/, ''))
    .find((line) => /^(with|on) /.test(line));
  return detail ? `${summary} (${detail})` : summary;
}
