/**
 * Reads a variables file in the subset of HCL Skyport's variables need: `name = "string"` lines,
 * blank lines and `#` or `//` comments. Anything else is an error naming the line, so a value
 * Terraform would read differently never passes the offline check.
 */
export function parseTfvars(
  text: string,
  file: string,
): Map<string, { value: string; line: number }> {
  const values = new Map<string, { value: string; line: number }>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const number = index + 1;
    if (line === '' || line.startsWith('#') || line.startsWith('//')) return;
    const match = /^([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(line);
    if (!match) {
      throw new Error(
        `${file}:${number}: expected name = "value" (every Skyport variable is a string), got: ${line}`,
      );
    }
    const [, name, quoted] = match as unknown as [string, string, string];
    if (values.has(name)) {
      throw new Error(
        `${file}:${number}: ${name} is set twice (first on line ${values.get(name)!.line})`,
      );
    }
    if (/\$\{|%\{/.test(quoted)) {
      throw new Error(`${file}:${number}: ${name} uses a template sequence; write the plain value`);
    }
    values.set(name, { value: JSON.parse(`"${quoted}"`) as string, line: number });
  });
  return values;
}
