/** What one stack's saved plan would do. */
export interface StackPlan {
  readonly stack: string;
  readonly status: 'changes' | 'no-changes' | 'failed' | 'blocked';
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Destroyed and created again (counted here only, not in add or destroy). */
  readonly replace: number;
  /** The full plan, a file beside summary.json. */
  readonly plan?: string;
  readonly reason?: string;
}

/** `.skyport/plans/<env>/summary.json` (the pull-request comment renders it). */
export interface PlanSummary {
  readonly environment: string;
  readonly commit: string;
  readonly generatedAt: string;
  readonly stacks: StackPlan[];
}

interface PlanJson {
  readonly resource_changes?: { readonly change: { readonly actions: readonly string[] } }[];
  readonly output_changes?: Record<string, { readonly actions: readonly string[] }>;
}

/** Counts the resource changes of `terraform show -json <plan>`. */
export function countChanges(
  plan: PlanJson,
): Pick<StackPlan, 'add' | 'change' | 'destroy' | 'replace'> {
  const counts = { add: 0, change: 0, destroy: 0, replace: 0 };
  for (const { change } of plan.resource_changes ?? []) {
    const actions = change.actions;
    if (actions.includes('create') && actions.includes('delete')) counts.replace += 1;
    else if (actions.includes('create')) counts.add += 1;
    else if (actions.includes('update')) counts.change += 1;
    else if (actions.includes('delete')) counts.destroy += 1;
  }
  return counts;
}

/** True when applying the plan would change anything, outputs included. */
export function hasChanges(plan: PlanJson): boolean {
  const counts = countChanges(plan);
  const outputs = Object.values(plan.output_changes ?? {}).some(
    (change) => !change.actions.every((action) => action === 'no-op'),
  );
  return counts.add + counts.change + counts.destroy + counts.replace > 0 || outputs;
}

/** The table `make plan` prints: one row per stack, the numbers right-aligned. */
export function formatPlanTable(stacks: readonly StackPlan[]): string[] {
  const header = ['stack', 'add', 'change', 'destroy', 'replace', 'status'];
  const rows = stacks.map((stack) => [
    stack.stack,
    ...(stack.status === 'failed' || stack.status === 'blocked'
      ? ['-', '-', '-', '-']
      : [stack.add, stack.change, stack.destroy, stack.replace].map(String)),
    stack.reason ? `${stack.status}: ${stack.reason}` : stack.status,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 || column === cells.length - 1
          ? cell.padEnd(widths[column]!)
          : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The last line of `make plan`. */
export function planVerdict(
  environment: string,
  stacks: readonly StackPlan[],
  where: string,
): string {
  const by = (status: StackPlan['status']) => stacks.filter((stack) => stack.status === status);
  const total = (key: 'add' | 'change' | 'destroy' | 'replace') =>
    stacks.reduce((sum, stack) => sum + stack[key], 0);
  const parts = [`${by('changes').length} with changes`, `${by('no-changes').length} unchanged`];
  if (by('blocked').length > 0) parts.push(`${by('blocked').length} blocked`);
  if (by('failed').length > 0) parts.push(`${by('failed').length} FAILED`);
  return (
    `plan: ${environment}: ${stacks.length} stacks, ${parts.join(', ')} ` +
    `(${total('add')} to add, ${total('change')} to change, ${total('destroy')} to destroy, ${total('replace')} to replace); plans in ${where}`
  );
}
