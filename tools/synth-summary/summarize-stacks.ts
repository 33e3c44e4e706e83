/** What one synthesized stack holds, counted from its cdk.tf.json. */
export interface StackSummary {
  readonly stack: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly variables: number;
  readonly outputs: number;
}

interface StackJson {
  resource?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
  variable?: Record<string, unknown>;
  output?: Record<string, unknown>;
}

const countBlocks = (byType: Record<string, Record<string, unknown>> | undefined) =>
  Object.values(byType ?? {}).reduce((sum, blocks) => sum + Object.keys(blocks).length, 0);

export function summarizeStack(stack: string, json: StackJson): StackSummary {
  return {
    stack,
    resources: countBlocks(json.resource),
    dataSources: countBlocks(json.data),
    variables: Object.keys(json.variable ?? {}).length,
    outputs: Object.keys(json.output ?? {}).length,
  };
}

/** A fixed-width table, one row per stack, plus a total row. */
export function formatTable(rows: readonly StackSummary[]): string[] {
  const header = ['stack', 'resources', 'data', 'variables', 'outputs'];
  const total = rows.reduce((sum, row) => sum + row.resources, 0);
  const body = rows.map((r) =>
    [r.stack, r.resources, r.dataSources, r.variables, r.outputs].map(String),
  );
  const all = [header, ...body, ['total', String(total), '', '', '']];
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  return all.map((row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}
